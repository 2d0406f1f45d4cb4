//! Turns transparent huge pages off for the process: the builders allocate in many places at
//! once, and each first touch of a 2 MB huge page clears all of it (see ARCHITECTURE.md).

/// Asks Linux not to back this process's memory with transparent huge pages (a no-op elsewhere,
/// or when the kernel refuses). Call it first thing in `main`; it is process-wide.
pub fn avoid() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag of the calling
    // process; it touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
