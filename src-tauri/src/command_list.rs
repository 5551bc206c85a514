// The one list of the commands the UI may invoke. Everything else is derived from it: the handler in lib.rs
// (`generate_handler!`), the permissions build.rs declares, the test that the capability file grants exactly these,
// and the TypeScript union `Command` in ui/src/api/bindings/Command.ts. Adding a command: write it in commands.rs,
// add its name here, grant `allow-<name-with-dashes>` in capabilities/default.json and run `cargo xtask bindings`
// (the tests say what is missing). This file is also `include!`d by build.rs, so it holds only the macro (no `//!`).

/// Calls the macro `$then!` with the name of every command, in one comma-separated list of identifiers.
macro_rules! command_list {
    ($then:ident) => {
        $then! {
            // The app.
            app_info,
            // 名录: experts, organisations and batches, enterprises.
            list_experts,
            create_expert,
            list_organizations,
            list_batches,
            create_organization,
            update_organization,
            delete_organization,
            create_batch,
            update_batch,
            delete_batch,
            get_expert,
            update_expert,
            list_enterprises,
            get_enterprise,
            create_enterprise,
            update_enterprise,
            // What refers to a record, the recycle bin and the history.
            referrers_of_expert,
            referrers_of_enterprise,
            delete_expert,
            delete_enterprise,
            restore_record,
            purge_record,
            list_recycle_bin,
            referrers_of_record,
            delete_record,
            record_history,
            // 结对, overviews, visits, attachments.
            create_assignment,
            end_assignment,
            update_assignment,
            get_assignment,
            assignment_completion,
            preview_batch_end,
            end_batch,
            list_assignments_of_expert,
            list_assignments_of_enterprise,
            expert_overview,
            enterprise_overview,
            create_visit,
            update_visit,
            get_visit,
            list_visits,
            add_attachment,
            list_attachments,
            remove_attachment,
            set_attachment_evidence,
            attachment_bytes,
            open_attachment,
            // Needs and matching.
            create_need,
            update_need,
            get_need,
            list_needs,
            needs_board,
            change_need_stage,
            merge_needs,
            suggest_experts,
            match_expert,
            unmatch_expert,
            // Service records.
            create_service_record,
            update_service_record,
            get_service_record,
            list_service_records,
            service_totals,
            last_service_record_template,
            // Reports and exports.
            dashboard,
            statistics,
            report_settings,
            save_report_settings,
            // 审核: the queue, decisions, 设置 → 审核.
            review_queue,
            review_records,
            review_settings,
            save_review_settings,
            list_origins,
            export_columns,
            export_file,
            cancel_export,
            reveal_export,
            export_forms,
            // Imports.
            import_preview,
            import_rows,
            import_commit,
            cancel_import,
            save_import_rejects,
            list_imports,
            undo_import,
            // 汇总交换: exchange packages, their merge, its history and 待处理冲突.
            exchange_identity,
            package_exports,
            export_package,
            preview_packages,
            merge_packages,
            cancel_merge,
            list_merges,
            undo_merge,
            list_conflicts,
            resolve_conflicts,
            // 年度考核: the scheme in 设置, periods, sheets, adjustments, notes, grading, the workbooks.
            assessment_scheme,
            default_assessment_scheme,
            save_assessment_scheme,
            list_assessment_periods,
            create_assessment_period,
            update_assessment_period,
            delete_assessment_period,
            assessment_sheet,
            expert_assessment,
            add_assessment_adjustment,
            remove_assessment_adjustment,
            save_assessment_notes,
            grade_assessment,
            export_assessment,
            // 数据安全: start-up, backups, restore, the data folder.
            startup_status,
            retry_open,
            list_backups,
            backup_now,
            restore_backup,
            recover_from_backup,
            plain_backups,
            settle_plain_backups,
            move_data_folder,
            backup_notices,
            check_integrity,
            reconcile_attachments,
            // 数据安全: the app password, the lock screen and the idle lock.
            lock_status,
            unlock,
            lock_now,
            report_activity,
            set_idle_lock,
            set_password,
            change_password,
            remove_password,
            // 示例数据: the demo ledger, opened in place of the person's own and left again.
            demo_status,
            open_demo_ledger,
            close_demo_ledger,
            // 设置 → 操作人: who the audit entries name.
            operator_name,
            save_operator_name,
        }
    };
}

/// The names of the commands given, as a `&[&str]` (use: `command_list!(command_names)`).
macro_rules! command_names {
    ($($name:ident),* $(,)?) => {
        &[$(stringify!($name)),*]
    };
}
