//! Importing a 花名册: each row becomes an expert checked by the form's own rules; 派出单位 and 批次 named in the
//! file are found by name, or created (and said so) when new; a row with the name and phone of a stored expert is a
//! duplicate, skipped or used to update that expert.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::plan::{Action, Decision};
use super::row::RowView;
use super::values;
use super::write::Written;
use crate::error::{CoreError, Result};
use crate::model::Entity;
use crate::model::{BatchInput, DuplicatePolicy, Expert, ExpertInput, OrganizationInput, OrganizationKind};
use crate::normalize::{clean_person_name, clean_text};
use crate::registry::experts;
use crate::registry::organizations;

/// The 派出单位 or 批次 a row names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Named<K> {
    /// None named.
    Nothing,
    /// One already stored.
    Stored(String),
    /// A new one, created with the import (with the organisation's kind).
    New(String, K),
}

/// A new expert: the cleaned form and the unit and batch it names.
pub(crate) struct NewExpert {
    input: ExpertInput,
    organization: Named<OrganizationKind>,
    batch: Named<Option<i32>>,
}

/// A stored expert overwritten by a row: the stored record and the merged form.
pub(crate) struct ExpertUpdate {
    before: Expert,
    input: ExpertInput,
    organization: Named<OrganizationKind>,
    batch: Named<Option<i32>>,
}

/// The roster's rules, loaded with the stored experts' names and phones, units and batches.
pub(crate) struct Rules {
    policy: DuplicatePolicy,
    today: NaiveDate,
    by_name_phone: HashMap<(String, String), String>,
    names: HashMap<String, u32>,
    organizations: HashMap<String, String>,
    batches: HashMap<String, String>,
    in_file: HashMap<(String, String), u32>,
    names_in_file: HashMap<String, u32>,
    announced: HashSet<String>,
}

impl Rules {
    pub(crate) fn load(conn: &Connection, policy: DuplicatePolicy, today: NaiveDate) -> Result<Self> {
        let mut by_name_phone = HashMap::new();
        let mut names: HashMap<String, u32> = HashMap::new();
        let mut stmt = conn.prepare("SELECT id, name, phone FROM experts WHERE deleted_at IS NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, name, phone): (String, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            *names.entry(name.clone()).or_default() += 1;
            if let Some(phone) = phone {
                by_name_phone.insert((name, phone), id);
            }
        }
        let organizations = organizations::list(conn)?.into_iter().map(|o| (o.name, o.id)).collect();
        let batches = organizations::list_batches(conn)?.into_iter().map(|b| (b.name, b.id)).collect();
        Ok(Self {
            policy,
            today,
            by_name_phone,
            names,
            organizations,
            batches,
            in_file: HashMap::new(),
            names_in_file: HashMap::new(),
            announced: HashSet::new(),
        })
    }

    pub(crate) fn judge(&mut self, conn: &Connection, row: &mut RowView<'_>) -> Result<Decision> {
        let input = ExpertInput {
            name: row.text("name").map(|n| clean_person_name(&n)).unwrap_or_default(),
            gender: row.read("gender", values::gender),
            birth_month: row.read("birthMonth", values::month).map(|m| m.to_string()),
            education: row.read("education", values::education),
            title: row.read("title", values::title),
            organization_id: None,
            position: row.text("position"),
            discipline: row.text("discipline"),
            specialties: values::list(row.cell("specialties")),
            phone: row.read("phone", values::phone),
            email: row.read("email", values::email),
            id_card: row.read("idCard", |c| values::id_card(c, self.today)),
            service_form: row.read("serviceForm", values::service_form),
            batch_id: None,
            service_start: row.read("serviceStart", values::day).map(|d| d.to_string()),
            service_end: row.read("serviceEnd", values::day).map(|d| d.to_string()),
            status: row.read("status", values::expert_status),
            notes: row.text("notes"),
        };
        let organization = self.organization(row);
        let batch = self.batch(row);
        let Some(clean) = row.accept(experts::validate_input(&input, self.today), field_of)? else {
            return Ok(Decision::Reject);
        };
        if !row.errors.is_empty() {
            return Ok(Decision::Reject);
        }
        let Some(phone) = clean.phone.clone() else {
            self.warn_same_name(row, &clean.name);
            self.announce(row, &organization, &batch);
            return Ok(Decision::Add(Action::Expert(Box::new(NewExpert { input: clean, organization, batch }))));
        };
        let key = (clean.name.clone(), phone);
        if let Some(first) = self.in_file.get(&key) {
            return Ok(Decision::Duplicate {
                existing_id: None,
                reason: format!("与第 {first} 行是同一位专员（姓名和电话相同）"),
                reason_en: format!("The same expert as row {first} (same name and phone)"),
            });
        }
        self.in_file.insert(key.clone(), row.row);
        let Some(existing_id) = self.by_name_phone.get(&key).cloned() else {
            self.warn_same_name(row, &clean.name);
            self.announce(row, &organization, &batch);
            return Ok(Decision::Add(Action::Expert(Box::new(NewExpert { input: clean, organization, batch }))));
        };
        match self.policy {
            DuplicatePolicy::Skip => Ok(Decision::Duplicate {
                existing_id: Some(existing_id),
                reason: format!("已有同名同电话的专员“{}”，按设置跳过", key.0),
                reason_en: format!("{} with this phone is already on file; skipped as chosen", key.0),
            }),
            DuplicatePolicy::Update => {
                let before = experts::get(conn, &existing_id)?;
                let input = merge(&before, &input, &clean);
                if let Err(CoreError::Validation(errors)) = experts::validate_input(&input, self.today) {
                    row.field_errors(errors, field_of);
                    return Ok(Decision::Reject);
                }
                self.announce(row, &organization, &batch);
                let update = ExpertUpdate { before, input, organization, batch };
                Ok(Decision::Update { existing_id, action: Action::ExpertUpdate(Box::new(update)) })
            }
        }
    }

    /// A row without a phone (or with a new phone) whose name is already on file, or earlier in the file: it may be
    /// the same person.
    fn warn_same_name(&mut self, row: &mut RowView<'_>, name: &str) {
        let stored = self.names.get(name).copied().unwrap_or(0);
        let earlier = self.names_in_file.insert(name.to_owned(), row.row);
        if stored > 0 {
            row.warn(
                Some("name"),
                format!("已有同名专员“{name}”（电话不同或未填），请确认不是同一人"),
                format!("An expert named {name} is already on file (different or no phone); check it is not the same person"),
            );
        } else if let Some(first) = earlier {
            row.warn(
                Some("name"),
                format!("第 {first} 行也是“{name}”（电话不同或未填），请确认不是同一人"),
                format!("Row {first} is also {name} (different or no phone); check it is not the same person"),
            );
        }
    }

    fn organization(&mut self, row: &mut RowView<'_>) -> Named<OrganizationKind> {
        let Some(name) = row.text("organization").map(|n| clean_text(&n)) else { return Named::Nothing };
        if let Some(id) = self.organizations.get(&name) {
            return Named::Stored(id.clone());
        }
        let kind = row
            .read("organizationKind", values::organization_kind)
            .unwrap_or_else(|| values::guess_organization_kind(&name));
        Named::New(name, kind)
    }

    /// Says, on the first row that comes in naming it, that a new unit or batch will be created with the import.
    fn announce(&mut self, row: &mut RowView<'_>, organization: &Named<OrganizationKind>, batch: &Named<Option<i32>>) {
        if let Named::New(name, kind) = organization {
            if self.announced.insert(format!("organization:{name}")) {
                row.warn(
                    Some("organization"),
                    format!("将新建派出单位“{name}”（{}）", kind.label_zh()),
                    format!("The dispatching organisation {name} ({}) will be created", kind.code()),
                );
            }
        }
        if let Named::New(name, _) = batch {
            if self.announced.insert(format!("batch:{name}")) {
                row.warn(Some("batch"), format!("将新建批次“{name}”"), format!("The batch {name} will be created"));
            }
        }
    }

    fn batch(&mut self, row: &mut RowView<'_>) -> Named<Option<i32>> {
        let Some(name) = row.text("batch").map(|n| clean_text(&n)) else { return Named::Nothing };
        if let Some(id) = self.batches.get(&name) {
            return Named::Stored(id.clone());
        }
        Named::New(name.clone(), year_of(&name))
    }
}

/// The import field a validation error of the expert form belongs to.
fn field_of(form_field: &str) -> &str {
    match form_field {
        "organizationId" => "organization",
        "batchId" => "batch",
        other => other,
    }
}

/// The year a batch's name starts with (`2024年第一批` → 2024), if it is a plausible one.
fn year_of(name: &str) -> Option<i32> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|y| (2000..=2100).contains(y))
}

/// The stored expert with every field the row fills replaced by the row's value.
fn merge(before: &Expert, row: &ExpertInput, clean: &ExpertInput) -> ExpertInput {
    ExpertInput {
        name: clean.name.clone(),
        gender: row.gender.or(before.gender),
        birth_month: clean.birth_month.clone().or_else(|| before.birth_month.clone()),
        education: row.education.or(before.education),
        title: row.title.or(Some(before.title)),
        organization_id: before.organization_id.clone(),
        position: clean.position.clone().or_else(|| before.position.clone()),
        discipline: clean.discipline.clone().or_else(|| before.discipline.clone()),
        specialties: if clean.specialties.is_empty() { before.specialties.clone() } else { clean.specialties.clone() },
        phone: clean.phone.clone().or_else(|| before.phone.clone()),
        email: clean.email.clone().or_else(|| before.email.clone()),
        id_card: clean.id_card.clone().or_else(|| before.id_card.clone()),
        service_form: row.service_form.or(before.service_form),
        batch_id: before.batch_id.clone(),
        service_start: clean.service_start.clone().or_else(|| before.service_start.clone()),
        service_end: clean.service_end.clone().or_else(|| before.service_end.clone()),
        status: row.status.or(Some(before.status)),
        notes: clean.notes.clone().or_else(|| before.notes.clone()),
    }
}

/// Writes a new expert (creating its new unit and batch first).
pub(crate) fn write_new(conn: &Connection, w: &mut Written, new: &NewExpert) -> Result<()> {
    let mut input = new.input.clone();
    input.organization_id = organization_id(conn, w, &new.organization)?.or(input.organization_id);
    input.batch_id = batch_id(conn, w, &new.batch)?.or(input.batch_id);
    let expert = experts::new_record(input, w.now.clone());
    experts::insert(conn, &expert)?;
    w.created(Entity::Expert, &expert.id, 1);
    Ok(())
}

/// Overwrites a stored expert (audited, with the record before kept for undo).
pub(crate) fn write_update(conn: &Connection, w: &mut Written, update: &ExpertUpdate) -> Result<()> {
    let mut input = update.input.clone();
    if let Some(id) = organization_id(conn, w, &update.organization)? {
        input.organization_id = Some(id);
    }
    if let Some(id) = batch_id(conn, w, &update.batch)? {
        input.batch_id = Some(id);
    }
    let before = &update.before;
    let after = experts::update(conn, &w.actor, &before.id, before.stamps.revision, &input, w.today)?;
    w.updated(Entity::Expert, &after.id, after.stamps.revision, before)?;
    Ok(())
}

fn organization_id(conn: &Connection, w: &mut Written, named: &Named<OrganizationKind>) -> Result<Option<String>> {
    Ok(match named {
        Named::Nothing => None,
        Named::Stored(id) => Some(id.clone()),
        Named::New(name, kind) => Some(match w.organizations.get(name) {
            Some(id) => id.clone(),
            None => {
                let input = OrganizationInput { name: name.clone(), kind: Some(*kind), region: None, notes: None };
                let org = organizations::create(conn, &w.actor, &input)?;
                w.created(Entity::Organization, &org.id, org.revision);
                w.organizations.insert(name.clone(), org.id.clone());
                org.id
            }
        }),
    })
}

fn batch_id(conn: &Connection, w: &mut Written, named: &Named<Option<i32>>) -> Result<Option<String>> {
    Ok(match named {
        Named::Nothing => None,
        Named::Stored(id) => Some(id.clone()),
        Named::New(name, year) => Some(match w.batches.get(name) {
            Some(id) => id.clone(),
            None => {
                let input =
                    BatchInput { name: name.clone(), year: *year, start_date: None, end_date: None, notes: None };
                let batch = organizations::create_batch(conn, &w.actor, &input, w.today)?;
                w.created(Entity::Batch, &batch.id, batch.revision);
                w.batches.insert(name.clone(), batch.id.clone());
                batch.id
            }
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_year_comes_from_the_start_of_its_name() {
        assert_eq!(year_of("2024年第一批"), Some(2024));
        assert_eq!(year_of("第一批"), None);
        assert_eq!(year_of("1999年"), None);
    }
}
