//! 服务工作: what an expert does in the field — visits (走访), the needs (技术需求) found there with their stages and
//! matched experts, the service records (服务记录) with their outcomes, and the recycle bin they go to when deleted.

pub mod evaluation;
pub mod events;
pub mod evidence;
pub mod follow_ups;
pub mod needs;
pub mod recycle_bin;
pub mod review;
pub mod service_record_list;
pub mod service_records;
pub mod visits;
