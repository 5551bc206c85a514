//! 派出单位 and 批次: create, edit, unique names, validation, the counts, deletion only when unused, and the audit.

use crate::common;

use crate::common::{expert, rows};
use ledger_core::model::*;
use ledger_core::{CoreError, Ledger};

fn org(name: &str) -> OrganizationInput {
    OrganizationInput { name: name.into(), kind: Some(OrganizationKind::University), ..Default::default() }
}

fn batch(name: &str) -> BatchInput {
    BatchInput { name: name.into(), year: Some(2024), ..Default::default() }
}

fn audit_actions(ledger: &Ledger, entity: &str, id: &str) -> Vec<String> {
    ledger
        .database()
        .read(|c| {
            let mut stmt =
                c.prepare("SELECT action FROM audit_log WHERE entity = ?1 AND entity_id = ?2 ORDER BY at")?;
            let actions = stmt.query_map([entity, id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(actions)
        })
        .unwrap()
}

#[test]
fn organization_is_created_trimmed_edited_and_listed_by_name() {
    let ledger = Ledger::open_in_memory().unwrap();
    let b = ledger.create_organization(&org(" 浙江工业大学 ")).unwrap();
    let a = ledger
        .create_organization(&OrganizationInput {
            name: "中国科学院宁波材料技术与工程研究所".into(),
            kind: Some(OrganizationKind::Institute),
            region: Some(" 宁波 ".into()),
            notes: Some("  ".into()),
        })
        .unwrap();
    assert_eq!(b.name, "浙江工业大学");
    assert_eq!((a.region.as_deref(), a.notes.as_deref(), a.revision), (Some("宁波"), None, 1));

    let edited = ledger
        .update_organization(
            &b.id,
            1,
            &OrganizationInput {
                notes: Some("对口联系人：王老师".into()), ..org("浙江工业大学（屏峰校区）")
            },
        )
        .unwrap();
    // Full-width punctuation is normalised to half-width, as everywhere.
    assert_eq!((edited.name.as_str(), edited.revision), ("浙江工业大学(屏峰校区)", 2));
    assert_eq!(edited.notes.as_deref(), Some("对口联系人:王老师"));

    let names: Vec<String> = ledger.list_organizations().unwrap().into_iter().map(|o| o.name).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names.len(), 2);
    assert_eq!(audit_actions(&ledger, "organization", &b.id), ["create", "update"]);
}

#[test]
fn organization_input_errors_name_each_field_and_write_nothing() {
    let ledger = Ledger::open_in_memory().unwrap();
    let before = rows(&ledger, "organizations") + rows(&ledger, "audit_log");
    let err = ledger.create_organization(&OrganizationInput { name: "  ".into(), ..Default::default() }).unwrap_err();
    let CoreError::Validation(fields) = err else { panic!("expected validation, got {err:?}") };
    let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["name", "kind"]);
    assert!(fields[0].message.contains("单位名称"));
    assert_eq!(rows(&ledger, "organizations") + rows(&ledger, "audit_log"), before);
}

#[test]
fn duplicate_names_are_refused_on_create_and_on_rename() {
    let ledger = Ledger::open_in_memory().unwrap();
    let first = ledger.create_organization(&org("浙江大学")).unwrap();
    let second = ledger.create_organization(&org("宁波大学")).unwrap();
    match ledger.create_organization(&org("浙江大学")).unwrap_err() {
        CoreError::Duplicate { existing_id, field, message, .. } => {
            assert_eq!((existing_id, field.as_str()), (first.id.clone(), "name"));
            assert!(message.contains("浙江大学"), "{message}");
        }
        other => panic!("expected duplicate, got {other:?}"),
    }
    let err = ledger.update_organization(&second.id, 1, &org("浙江大学")).unwrap_err();
    assert_eq!(err.code(), "duplicate");
    // Saving a record under its own name is no clash.
    ledger.update_organization(&first.id, 1, &org("浙江大学")).unwrap();
    assert_eq!(ledger.list_organizations().unwrap().len(), 2);
}

#[test]
fn stale_revision_is_a_conflict() {
    let ledger = Ledger::open_in_memory().unwrap();
    let o = ledger.create_organization(&org("浙江大学")).unwrap();
    ledger.update_organization(&o.id, 1, &org("浙江大学城市学院")).unwrap();
    let err = ledger.update_organization(&o.id, 1, &org("浙大城院")).unwrap_err();
    assert_eq!(err.code(), "conflict");
    let b = ledger.create_batch(&batch("2024年第一批")).unwrap();
    ledger.update_batch(&b.id, 1, &batch("2024年第二批")).unwrap();
    assert_eq!(ledger.update_batch(&b.id, 1, &batch("2024年第三批")).unwrap_err().code(), "conflict");
}

#[test]
fn organization_with_experts_cannot_be_deleted_even_from_the_recycle_bin() {
    let ledger = Ledger::open_in_memory().unwrap();
    let o = ledger.create_organization(&org("浙江大学")).unwrap();
    let x = ledger.create_expert(&ExpertInput { organization_id: Some(o.id.clone()), ..expert("李明", None) }).unwrap();
    assert_eq!(ledger.list_organizations().unwrap()[0].expert_count, 1);
    ledger.delete_expert(&x.id, false).unwrap();

    let err = ledger.delete_organization(&o.id).unwrap_err();
    assert_eq!(err.code(), "has_references");
    assert!(err.to_string().contains("1 experts"), "{err}");
    let payload = ledger_core::ErrorPayload::from(&err);
    assert!(payload.message.contains("1 名专员"), "{}", payload.message);
    assert_eq!(rows(&ledger, "organizations"), 1);

    ledger.purge(RecordKind::Expert, &x.id).unwrap();
    ledger.delete_organization(&o.id).unwrap();
    assert!(ledger.list_organizations().unwrap().is_empty());
    assert_eq!(audit_actions(&ledger, "organization", &o.id), ["create", "delete"]);
    assert_eq!(ledger.delete_organization(&o.id).unwrap_err().code(), "not_found");
}

#[test]
fn batch_is_created_validated_and_listed_newest_year_first() {
    let ledger = Ledger::open_in_memory().unwrap();
    let old = ledger.create_batch(&BatchInput { year: Some(2023), ..batch("2023年第一批") }).unwrap();
    let new = ledger
        .create_batch(&BatchInput {
            start_date: Some("２０２４-03-01".into()),
            end_date: Some("2025-02-28".into()),
            ..batch(" 2024年第一批 ")
        })
        .unwrap();
    assert_eq!(new.name, "2024年第一批");
    assert_eq!((new.start_date.as_deref(), new.end_date.as_deref()), (Some("2024-03-01"), Some("2025-02-28")));
    let ids: Vec<String> = ledger.list_batches().unwrap().into_iter().map(|b| b.id).collect();
    assert_eq!(ids, [new.id.clone(), old.id.clone()]);

    let before = rows(&ledger, "batches") + rows(&ledger, "audit_log");
    let err = ledger
        .create_batch(&BatchInput {
            name: "".into(),
            year: Some(1999),
            start_date: Some("2024-03-01".into()),
            end_date: Some("2024-02-30".into()),
            notes: None,
        })
        .unwrap_err();
    let CoreError::Validation(fields) = err else { panic!("expected validation") };
    let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["name", "year", "endDate"]);
    let reversed = ledger
        .create_batch(&BatchInput {
            start_date: Some("2024-03-01".into()),
            end_date: Some("2024-02-01".into()),
            ..batch("2024年第二批")
        })
        .unwrap_err();
    let CoreError::Validation(fields) = reversed else { panic!("expected validation") };
    assert_eq!(fields[0].field, "endDate");
    assert!(fields[0].message.contains("不能早于"));
    assert_eq!(ledger.create_batch(&batch("2023年第一批")).unwrap_err().code(), "duplicate");
    assert_eq!(rows(&ledger, "batches") + rows(&ledger, "audit_log"), before);
}

#[test]
fn batch_in_use_by_an_expert_or_an_assignment_cannot_be_deleted() {
    let ledger = Ledger::open_in_memory().unwrap();
    let b = ledger.create_batch(&batch("2024年第一批")).unwrap();
    let x = ledger.create_expert(&ExpertInput { batch_id: Some(b.id.clone()), ..expert("李明", None) }).unwrap();
    let f = ledger.create_enterprise(&common::enterprise("湖州电梯有限公司", 1)).unwrap().record;
    ledger
        .create_assignment(&AssignmentInput {
            expert_id: x.id.clone(),
            enterprise_id: f.id.clone(),
            batch_id: Some(b.id.clone()),
            start_date: "2024-03-01".into(),
            ..Default::default()
        })
        .unwrap();
    let listed = &ledger.list_batches().unwrap()[0];
    assert_eq!((listed.expert_count, listed.assignment_count), (1, 1));
    let err = ledger.delete_batch(&b.id).unwrap_err();
    assert_eq!(err.code(), "has_references");
    assert!(ledger_core::ErrorPayload::from(&err).message.contains("1 名专员、1 条派驻记录"));
    assert_eq!(rows(&ledger, "batches"), 1);

    let unused = ledger.create_batch(&batch("2024年第二批")).unwrap();
    ledger.delete_batch(&unused.id).unwrap();
    assert_eq!(ledger.list_batches().unwrap().len(), 1);
    assert_eq!(audit_actions(&ledger, "batch", &unused.id), ["create", "delete"]);
}
