//! The domain nouns as they cross the API: records, inputs, list rows and queries.

pub mod codes;
pub mod expert;
pub mod organization;
pub mod page;

pub use codes::*;
pub use expert::*;
pub use organization::*;
pub use page::*;
