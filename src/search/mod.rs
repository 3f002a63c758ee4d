//! Site search: the index is built here, at build time; `themes/default/static/search.js` queries it in
//! the browser, from `file://` or HTTP, loading only the shards a query needs.

pub mod docs;
pub mod index;
pub mod stem;
pub mod tokenize;

pub use docs::{documents, SearchDoc};
pub use index::{build, IndexStats};
