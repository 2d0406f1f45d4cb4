//! The search files' shared codec: LEB128 varints as the index writes them and every reader
//! (the page's `search.js`, the reference reader in `jiedui-devkit`) decodes them.

pub fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 28 {
            return None;
        }
    }
}

/// The numbers of a page of varints (as `search.js` reads a `k/` page).
pub fn read_varints(bytes: &[u8]) -> Vec<u32> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(v) = get_varint(bytes, &mut at) {
        out.push(v);
    }
    out
}
