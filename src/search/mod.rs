//! Search: a sharded bigram index (which parts of a document hold each key) for exact-substring full text, and the school finder.

pub mod codec;
pub mod collect;
pub mod documents;
pub mod finder;
pub mod index;
pub mod pinyin_names;
pub mod short_spellings;
pub mod text_store;
pub mod tokenize;
