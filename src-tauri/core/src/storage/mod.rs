//! 存储: the SQLite file underneath every domain module — opening it, the schema and its migrations, the integrity
//! check, the audit trail, the search keys and the ids and timestamps rows are stamped with. Nothing here knows what
//! an expert or a need is; the domain modules above call down into it.

pub mod audit;
pub mod clean_close;
pub mod crypto;
pub mod db;
pub mod fs_atomic;
pub mod ids;
pub mod integrity;
pub mod migrations;
pub mod record;
pub mod search;
