//! Search: a sharded, positional bigram index for exact-substring full text, and the school finder.

pub mod codec;
pub mod collect;
pub mod documents;
pub mod finder;
pub mod index;
pub mod pinyin_names;
pub mod short_spellings;
pub mod tokenize;
