//! Importing a 技术需求征集表: each row names a stored enterprise (by credit code or exact name — a firm not on file
//! is an error on its cell, never created) and becomes a need in stage 挖掘, 来源 企业自报, checked by the need form's
//! own rules. The description is kept exactly as written. A contact the enterprise's record lacks is added to it
//! (an overwrite of the enterprise, taken back by undo). The same enterprise and 需求名称 as a stored need or an
//! earlier row is a duplicate.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::plan::{Action, Decision};
use super::records::{earlier, reject, StoredEnterprises};
use super::row::RowView;
use super::values;
use super::write::{enterprise_input, Written};
use crate::error::Result;
use crate::fieldwork::needs;
use crate::model::{ContactInput, Entity, NeedInput, NeedSource, NeedType, Urgency};
use crate::money::format_wan;
use crate::normalize::{clean_person_name, clean_text};
use crate::registry::enterprises;

/// A need to add, and the contact to add to its enterprise when the enterprise does not have it yet.
pub(crate) struct NewNeed {
    input: NeedInput,
    contact: Option<ContactInput>,
}

/// The rules of a needs file, loaded with the stored enterprises.
pub(crate) struct Rules {
    enterprises: StoredEnterprises,
    in_file: HashMap<String, u32>,
}

impl Rules {
    pub(crate) fn load(conn: &Connection) -> Result<Self> {
        Ok(Self { enterprises: StoredEnterprises::load(conn)?, in_file: HashMap::new() })
    }

    pub(crate) fn judge(&mut self, conn: &Connection, row: &mut RowView<'_>) -> Result<Decision> {
        let enterprise_id = self.enterprises.find(row);
        let need_type = row.read("needType", values::need_type).unwrap_or_else(|| {
            row.warn(Some("needType"), "未填需求类型，按“其他”导入", "No need type given; imported as other");
            NeedType::Other
        });
        let input = NeedInput {
            enterprise_id: enterprise_id.clone().unwrap_or_default(),
            visit_id: None,
            source: Some(NeedSource::SelfReported),
            title: row.text("title").unwrap_or_default(),
            original_text: values::verbatim(row.cell("originalText")),
            refined_problem: None,
            refined_key_tech: None,
            refined_target: None,
            need_type: Some(need_type),
            discipline: row.text("discipline"),
            budget_wan: row.read("budget", values::money_fen).map(format_wan),
            urgency: Some(row.read("urgency", values::urgency).unwrap_or(Urgency::Normal)),
        };
        let contact = self.contact(conn, row, enterprise_id.as_deref())?;
        if !row.errors.is_empty() {
            return Ok(Decision::Reject);
        }
        if let Err(e) = needs::check_new(conn, &input) {
            return reject(row, e, need_field);
        }
        let title = clean_text(&input.title);
        if let Some(d) = earlier(&mut self.in_file, row, format!("{}|{title}", input.enterprise_id)) {
            return Ok(d);
        }
        let stored: Option<String> = conn
            .prepare_cached("SELECT id FROM needs WHERE enterprise_id = ?1 AND title = ?2 AND deleted_at IS NULL")?
            .query_row(params![input.enterprise_id, title], |r| r.get(0))
            .optional()?;
        if let Some(existing_id) = stored {
            return Ok(Decision::Duplicate {
                existing_id: Some(existing_id),
                reason: "该企业已有同名的技术需求".to_owned(),
                reason_en: "This enterprise already has a need with this title".to_owned(),
            });
        }
        Ok(Decision::Add(Action::Need(Box::new(NewNeed { input, contact }))))
    }

    /// The row's contact when the enterprise's record lacks a contact of that name (a warning says it will be
    /// added); a phone without a name is left out with a warning.
    fn contact(
        &self,
        conn: &Connection,
        row: &mut RowView<'_>,
        enterprise_id: Option<&str>,
    ) -> Result<Option<ContactInput>> {
        let phone = row.read("contactPhone", values::phone);
        let Some(name) = row.text("contactName").map(|n| clean_person_name(&n)) else {
            if phone.is_some() {
                row.warn(
                    Some("contactName"),
                    "有联系电话但没有联系人姓名，联系人未导入",
                    "A contact phone without a contact name; the contact was left out",
                );
            }
            return Ok(None);
        };
        let Some(enterprise_id) = enterprise_id else { return Ok(None) };
        let known: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM enterprise_contacts
                 WHERE enterprise_id = ?1 AND name = ?2 AND deleted_at IS NULL)",
            )?
            .query_row(params![enterprise_id, name], |r| r.get(0))?;
        if known {
            return Ok(None);
        }
        row.warn(
            Some("contactName"),
            format!("企业联系人中没有“{name}”，将添加为该企业的联系人"),
            format!("{name} is not among the enterprise's contacts; they will be added"),
        );
        Ok(Some(ContactInput { id: None, name, position: None, phone, email: None, is_primary: false }))
    }
}

/// The import field a validation error of the need form belongs to.
fn need_field(form_field: &str) -> &str {
    match form_field {
        "enterpriseId" => "enterprise",
        "budgetWan" => "budget",
        other => other,
    }
}

/// Writes a new need (and its contact onto the enterprise, when the enterprise still lacks one of that name).
pub(crate) fn write_new(conn: &Connection, w: &mut Written, new: &NewNeed) -> Result<()> {
    let id = needs::insert_new(conn, &new.input, w.today, &w.actor.now())?;
    w.created(Entity::Need, &id, 1);
    let Some(contact) = &new.contact else { return Ok(()) };
    let before = enterprises::get(conn, &new.input.enterprise_id)?;
    if before.contacts.iter().any(|c| c.name == contact.name) {
        return Ok(());
    }
    let mut input = enterprise_input(&before);
    input.contacts.push(ContactInput { is_primary: before.contacts.is_empty(), ..contact.clone() });
    let saved = enterprises::update(conn, &w.actor, &before.id, before.stamps.revision, &input)?;
    w.updated(Entity::Enterprise, &before.id, saved.record.stamps.revision, &before)
}
