//! The domain nouns as they cross the API: records, inputs, list rows and queries.

pub mod activity;
pub mod assignment;
pub mod attachment;
pub mod codes;
pub mod dashboard;
pub mod enterprise;
pub mod expert;
pub mod export;
pub mod import;
pub mod matching;
pub mod need;
pub mod organization;
pub mod page;
pub mod recycle;
pub mod report;
pub mod service_record;
pub mod visit;

pub use activity::*;
pub use assignment::*;
pub use attachment::*;
pub use codes::*;
pub use dashboard::*;
pub use enterprise::*;
pub use expert::*;
pub use export::*;
pub use import::*;
pub use matching::*;
pub use need::*;
pub use organization::*;
pub use page::*;
pub use recycle::*;
pub use report::*;
pub use service_record::*;
pub use visit::*;
