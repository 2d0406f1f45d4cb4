//! The search files' shared codec: LEB128 varints and the bitmap form of postings pages, as the
//! index writes them and every reader (the page's `search.js`, the reference reader in
//! `jiedui-devkit`) decodes them.

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

/// A postings page's *bitmap form*, when it is shorter than its plain form (`plain_len` bytes),
/// from the page's documents (document, flags, the bytes of its piece count and numbers;
/// ascending). A key held by many documents takes a byte or more a document written the plain
/// way; as a bitmap it takes about two bits: `first << 4` (flags 0 mark the form, since a
/// document always has a part), `last - first`, the flags most of its documents have
/// (`common`), then one bit per document number from `first` to `last` (set: the page holds
/// it; low bit first, in bytes), one bit per held document (set: its flags are not `common`),
/// and for each such document its flags and pieces as the plain form writes them. At 10,000
/// notices the postings went from 6.08 to about 3.7 MB.
pub fn bitmap_page(docs: &[(u32, u32, &[u8])], plain_len: usize) -> Option<Vec<u8>> {
    let (first, last) = (docs.first()?.0, docs.last()?.0);
    let span = (last - first) as usize + 1;
    // A bitmap page is at least a bit per document number it spans.
    if span / 8 >= plain_len {
        return None;
    }
    let mut counts = [0usize; 8];
    for d in docs {
        if d.1 < 8 {
            counts[d.1 as usize] += 1;
        }
    }
    let common = (1..8).max_by_key(|&f| (counts[f], std::cmp::Reverse(f))).unwrap_or(4) as u32;
    let mut out = Vec::with_capacity(plain_len);
    put_varint(&mut out, first << 4);
    put_varint(&mut out, last - first);
    put_varint(&mut out, common);
    let held = out.len();
    out.resize(held + span.div_ceil(8) + docs.len().div_ceil(8), 0);
    let other = held + span.div_ceil(8);
    for (k, &(doc, flags, _)) in docs.iter().enumerate() {
        let i = (doc - first) as usize;
        out[held + i / 8] |= 1 << (i % 8);
        if flags != common {
            out[other + k / 8] |= 1 << (k % 8);
        }
    }
    for &(_, flags, pieces) in docs {
        if flags != common {
            put_varint(&mut out, flags);
            out.extend_from_slice(pieces);
        }
        if out.len() >= plain_len {
            return None;
        }
    }
    Some(out)
}

/// A postings page's numbers as the plain form writes them, whichever form it is in (see
/// [`bitmap_page`]): what `search.js` and the reference reader decode.
pub fn page_numbers(bytes: &[u8]) -> Vec<u32> {
    let mut at = 0;
    let Some(head) = get_varint(bytes, &mut at) else {
        return Vec::new();
    };
    if head & 15 != 0 {
        return read_varints(bytes);
    }
    let first = head >> 4;
    let (Some(extent), Some(common)) = (get_varint(bytes, &mut at), get_varint(bytes, &mut at)) else {
        return Vec::new();
    };
    let span = extent as usize + 1;
    let held = at;
    let Some(presence) = bytes.get(held..held + span.div_ceil(8)) else {
        return Vec::new();
    };
    let docs: Vec<u32> = (0..span)
        .filter(|i| presence[i / 8] & (1 << (i % 8)) != 0)
        .map(|i| first + i as u32)
        .collect();
    let other = held + presence.len();
    let Some(others) = bytes.get(other..other + docs.len().div_ceil(8)) else {
        return Vec::new();
    };
    at = other + others.len();
    let mut out = Vec::with_capacity(docs.len() + 8);
    let mut previous = None;
    for (k, &doc) in docs.iter().enumerate() {
        let delta = previous.map_or(doc, |p| doc - p);
        previous = Some(doc);
        let flags = if others[k / 8] & (1 << (k % 8)) != 0 {
            let Some(flags) = get_varint(bytes, &mut at) else {
                return out;
            };
            flags
        } else {
            common
        };
        out.push(delta << 4 | flags);
        if flags & 8 != 0 {
            let Some(n) = get_varint(bytes, &mut at) else {
                return out;
            };
            out.push(n);
            for _ in 0..n {
                let Some(piece) = get_varint(bytes, &mut at) else {
                    return out;
                };
                out.push(piece);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A postings page's documents: (document, flags, the bytes of its piece count and numbers).
    type PageDocs<'a> = Vec<(u32, u32, &'a [u8])>;

    /// The documents of a page written the plain way: per document `delta << 4 | flags` (flags
    /// title 1, metadata 2, body head 4, pieces 8; the first document whole), with pieces then
    /// their count and numbers. `None` when the bytes are not such a page.
    fn plain_docs(bytes: &[u8]) -> Option<PageDocs<'_>> {
        let mut docs = Vec::new();
        let (mut at, mut doc) = (0usize, 0u32);
        while at < bytes.len() {
            let v = get_varint(bytes, &mut at)?;
            let (delta, flags) = (v >> 4, v & 15);
            if flags == 0 {
                return None;
            }
            doc = if docs.is_empty() {
                delta
            } else {
                doc.checked_add(delta)?
            };
            let start = at;
            if flags & 8 != 0 {
                let n = get_varint(bytes, &mut at)?;
                for _ in 0..n {
                    get_varint(bytes, &mut at)?;
                }
            }
            docs.push((doc, flags, &bytes[start..at]));
        }
        Some(docs)
    }

    /// A plain page in its smaller form, as the index writes it.
    fn compact_page(plain: Vec<u8>) -> Vec<u8> {
        match plain_docs(&plain).and_then(|docs| bitmap_page(&docs, plain.len())) {
            Some(bitmap) => bitmap,
            None => plain,
        }
    }

    /// A plain page of (document, flags, pieces' numbers).
    fn plain(docs: &[(u32, u32, &[u32])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut previous = None;
        for &(doc, flags, pieces) in docs {
            put_varint(&mut out, (doc - previous.unwrap_or(0)) << 4 | flags);
            previous = Some(doc);
            if flags & 8 != 0 {
                put_varint(&mut out, pieces.len() as u32);
                for &p in pieces {
                    put_varint(&mut out, p);
                }
            }
        }
        out
    }

    #[test]
    fn a_dense_page_becomes_a_bitmap_that_reads_back_as_the_plain_numbers() {
        // 100 documents among 150 numbers from 1000: most in the body's head only, some in the
        // title too, some with pieces.
        let pieces: &[u32] = &[1, 3];
        let docs: Vec<(u32, u32, &[u32])> = (0..150u32)
            .filter(|i| i % 3 != 1)
            .map(|i| match i % 10 {
                0 => (1000 + i, 5, &[][..]),
                5 => (1000 + i, 4 | 8, pieces),
                _ => (1000 + i, 4, &[][..]),
            })
            .collect();
        let page = plain(&docs);
        let compact = compact_page(page.clone());
        assert!(
            compact.len() * 3 < page.len() * 2,
            "{} → {} bytes",
            page.len(),
            compact.len()
        );
        assert_eq!(compact[0] & 15, 0, "flags 0 mark a bitmap page");
        assert_eq!(page_numbers(&compact), read_varints(&page));
    }

    #[test]
    fn a_sparse_or_odd_page_stays_plain() {
        // Documents far apart: a bitmap would be larger.
        let sparse = plain(&[(5, 4, &[]), (900, 4, &[]), (4000, 1, &[])]);
        assert_eq!(compact_page(sparse.clone()), sparse);
        assert_eq!(page_numbers(&sparse), read_varints(&sparse));
        // Every document with other flags: the exceptions make it no smaller.
        let mixed: Vec<(u32, u32, &[u32])> = (0..40).map(|i| (i, 1 + i % 7, &[][..])).collect();
        let page = plain(&mixed);
        let compact = compact_page(page.clone());
        assert!(compact.len() <= page.len());
        assert_eq!(page_numbers(&compact), read_varints(&page));
        // Not a page at all (an empty one, a number with flags 0): left as it is.
        assert_eq!(compact_page(Vec::new()), Vec::<u8>::new());
        assert_eq!(compact_page(vec![0x10]), vec![0x10]);
    }

    #[test]
    fn every_page_of_adjacent_documents_reads_back() {
        // Pages of 1 to 100 consecutive documents, each with flags 1..15 in turn.
        let pieces: &[u32] = &[2];
        for n in 1..=100u32 {
            let docs: Vec<(u32, u32, &[u32])> = (0..n)
                .map(|i| {
                    let flags = if i % 4 == 0 { 1 + i % 15 } else { 4 };
                    (7 + i, flags, if flags & 8 != 0 { pieces } else { &[][..] })
                })
                .collect();
            let page = plain(&docs);
            assert_eq!(page_numbers(&compact_page(page.clone())), read_varints(&page), "{n}");
        }
    }
}
