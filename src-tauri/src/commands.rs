//! The commands the UI invokes. Each is a one-line adapter over [`ledger_core::Ledger`]; they are `async` so the
//! database work runs on a worker thread (see [`AppState::run`]).

use ledger_core::model::{Batch, Expert, ExpertInput, ExpertQuery, ExpertRow, Organization, Page};
use ledger_core::{AppInfo, ErrorPayload};
use tauri::State;

use crate::state::AppState;

type CmdResult<T> = Result<T, ErrorPayload>;

/// Version, data folder, database file and schema version, for the 设置 page.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    state.run(|l| l.app_info()).await
}

/// A page of the expert list.
#[tauri::command]
pub async fn list_experts(state: State<'_, AppState>, query: ExpertQuery) -> CmdResult<Page<ExpertRow>> {
    state.run(move |l| l.list_experts(&query)).await
}

/// Validates and saves a new expert.
#[tauri::command]
pub async fn create_expert(state: State<'_, AppState>, input: ExpertInput) -> CmdResult<Expert> {
    state.run(move |l| l.create_expert(&input)).await
}

/// The dispatching organisations, for pickers.
#[tauri::command]
pub async fn list_organizations(state: State<'_, AppState>) -> CmdResult<Vec<Organization>> {
    state.run(|l| l.list_organizations()).await
}

/// The batches, for pickers.
#[tauri::command]
pub async fn list_batches(state: State<'_, AppState>) -> CmdResult<Vec<Batch>> {
    state.run(|l| l.list_batches()).await
}
