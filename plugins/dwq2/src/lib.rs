//! `dwq2`: the plugin of the *Developing with QIIME 2* tutorial, in Rust.
//!
//! Pairwise global alignment, local alignment search of queries against references, and the
//! pipelines that split a search into independent steps so they can run in parallel.

pub mod align;
