//! 数据文件夹: the folder the ledger lives in on disk — where it is, the attachments stored beside the database, and
//! the backups (daily, before a migration, by hand), restore and moving the folder.

pub mod archive;
pub mod attachments;
pub mod backup;
pub mod orphans;
pub mod password;
pub mod paths;
pub mod relocate;
pub mod restore;
