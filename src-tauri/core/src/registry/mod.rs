//! 名录: the people and places the ledger serves — organisations (派出单位), experts (科技专员), enterprises (服务企业)
//! and the assignments (结对) that pair an expert with an enterprise.

pub mod assignment_targets;
pub mod assignments;
pub mod batch_end;
pub mod enterprise_list;
pub mod enterprises;
pub mod experts;
pub mod organizations;
