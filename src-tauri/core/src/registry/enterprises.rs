//! 服务企业: validation of the form (credit code with its check-character override, contacts), creation, editing
//! with a revision check, the similar-name warning; the paged list is planned in [`crate::registry::enterprise_list`].

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::model::Entity;
use crate::model::Stamps;
use crate::model::{Contact, Enterprise, EnterpriseInput, EnterpriseQuery, EnterpriseRow, Page, SaveOutcome};
use crate::normalize::{clean_optional, clean_person_name, clean_text, company_name_key};
use crate::storage::audit::{self, AuditAction};
use crate::storage::db;
use crate::storage::ids::new_id;
use crate::storage::record;
use crate::validate::credit_code::{check_credit_code, CreditCodeCheck};
use crate::validate::limits::{self, Form};
use crate::validate::{email, phone};
use crate::Ledger;

pub use crate::registry::enterprise_list::list;

/// The longest enterprise name accepted.
pub const MAX_NAME_CHARS: usize = limits::NAME;

/// A validated form: the enterprise fields (id, timestamps and revision still to be set) and, per contact, the id
/// of the existing contact it edits.
struct Clean {
    enterprise: Enterprise,
    contact_ids: Vec<Option<String>>,
}

/// Normalises and checks a form; `existing_contacts` are the ids of the enterprise's live contacts (empty for a new
/// enterprise). Returns every field problem at once.
fn validate_input(input: &EnterpriseInput, existing_contacts: &HashSet<String>) -> Result<Clean> {
    let mut errors: Vec<FieldError> = Vec::new();
    let name = clean_text(&input.name);
    if name.is_empty() {
        errors.push(FieldError::new("name", "请输入企业名称", "Name is required"));
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::new(
            "name",
            format!("企业名称不能超过 {MAX_NAME_CHARS} 个字"),
            format!("Name must be at most {MAX_NAME_CHARS} characters"),
        ));
    }
    let reason = clean_optional(input.credit_code_override.as_deref());
    limits::check(
        Form::Enterprise,
        &[
            ("creditCodeOverride", input.credit_code_override.as_deref()),
            ("province", input.province.as_deref()),
            ("city", input.city.as_deref()),
            ("county", input.county.as_deref()),
            ("address", input.address.as_deref()),
            ("legalRepresentative", input.legal_representative.as_deref()),
            ("mainProducts", input.main_products.as_deref()),
            ("notes", input.notes.as_deref()),
        ],
        &mut errors,
    );
    let mut credit_code = String::new();
    let mut credit_code_override = None;
    if input.credit_code.trim().is_empty() {
        errors.push(FieldError::new(
            "creditCode",
            "请输入统一社会信用代码",
            "The unified social credit code is required",
        ));
    } else {
        match check_credit_code(&input.credit_code) {
            Ok(CreditCodeCheck::Valid(code)) => credit_code = code,
            Ok(CreditCodeCheck::CheckDigitMismatch { code, expected }) => match reason {
                Some(reason) => {
                    credit_code = code;
                    credit_code_override = Some(reason);
                }
                None => errors.push(FieldError::new(
                    "creditCode",
                    format!("统一社会信用代码校验位不符（按规则应为“{expected}”）；如确认无误，请填写保留原因后保存"),
                    format!(
                        "The check character of this credit code fails (it should be '{expected}'); if the code is \
                         right, give a reason to keep it"
                    ),
                )),
            },
            Err(e) => errors.push(e.on("creditCode")),
        }
    }
    let industry = clean_optional(input.industry.as_deref()).map(|s| s.to_ascii_uppercase());
    if let Some(letter) = &industry {
        if !(letter.len() == 1 && ("A"..="T").contains(&letter.as_str())) {
            errors.push(FieldError::new(
                "industry",
                "行业门类应为国民经济行业分类（GB/T 4754）的门类字母 A–T",
                "The industry is a GB/T 4754 section letter A–T",
            ));
        }
    }
    let region_code = clean_optional(input.region_code.as_deref());
    if let Some(code) = &region_code {
        if !(matches!(code.len(), 6 | 9 | 12) && code.bytes().all(|b| b.is_ascii_digit())) {
            errors.push(FieldError::new(
                "regionCode",
                "行政区划代码应为 6 位（或 9、12 位）数字",
                "The administrative division code has 6 (or 9 or 12) digits",
            ));
        }
    }
    let contacts = validate_contacts(input, existing_contacts, &mut errors);
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let (contact_ids, contacts): (Vec<_>, Vec<_>) = contacts.into_iter().unzip();
    Ok(Clean {
        enterprise: Enterprise {
            id: String::new(),
            name,
            credit_code,
            credit_code_override,
            province: clean_optional(input.province.as_deref()),
            city: clean_optional(input.city.as_deref()),
            county: clean_optional(input.county.as_deref()),
            region_code,
            address: clean_optional(input.address.as_deref()),
            legal_representative: clean_optional(input.legal_representative.as_deref()).map(|n| clean_person_name(&n)),
            industry,
            main_products: clean_optional(input.main_products.as_deref()),
            size: input.size,
            is_high_tech: input.is_high_tech,
            is_tech_sme: input.is_tech_sme,
            is_specialized: input.is_specialized,
            notes: clean_optional(input.notes.as_deref()),
            contacts,
            stamps: Stamps::default(),
        },
        contact_ids,
    })
}

fn validate_contacts(
    input: &EnterpriseInput,
    existing: &HashSet<String>,
    errors: &mut Vec<FieldError>,
) -> Vec<(Option<String>, Contact)> {
    let mut out = Vec::with_capacity(input.contacts.len());
    let mut seen_ids = HashSet::new();
    for (i, c) in input.contacts.iter().enumerate() {
        let field = |name: &str| format!("contacts[{i}].{name}");
        let name = clean_person_name(&c.name);
        if name.is_empty() {
            errors.push(FieldError::new(&field("name"), "请输入联系人姓名", "The contact's name is required"));
        }
        for (key, value) in [("name", Some(name.as_str())), ("position", c.position.as_deref())] {
            errors.extend(value.and_then(|v| limits::too_long(Form::Contact, key, &field(key), v)));
        }
        let id = clean_optional(c.id.as_deref());
        if let Some(id) = &id {
            if !existing.contains(id) || !seen_ids.insert(id.clone()) {
                errors.push(FieldError::new(
                    &field("id"),
                    "该联系人不属于此企业（可能已被删除），请重新打开后再保存",
                    "This contact does not belong to the enterprise (it may have been removed); reload the form",
                ));
            }
        }
        let phone = clean_optional(c.phone.as_deref())
            .and_then(|p| phone::normalize_phone(&p).map_err(|e| errors.push(e.on(&field("phone")))).ok());
        let email = clean_optional(c.email.as_deref())
            .and_then(|m| email::normalize_email(&m).map_err(|e| errors.push(e.on(&field("email")))).ok());
        let contact = Contact {
            id: id.clone().unwrap_or_default(),
            name,
            position: clean_optional(c.position.as_deref()),
            phone,
            email,
            is_primary: c.is_primary,
        };
        out.push((id, contact));
    }
    match out.iter().filter(|(_, c)| c.is_primary).count() {
        0 => {
            if let Some((_, first)) = out.first_mut() {
                first.is_primary = true;
            }
        }
        1 => {}
        _ => errors.push(FieldError::new(
            "contacts",
            "只能有一位主要联系人",
            "Only one contact can be the primary contact",
        )),
    }
    out
}

/// Refuses a credit code another enterprise already has, in the list or in the recycle bin.
fn check_duplicate(conn: &Connection, code: &str, except: Option<&str>) -> Result<()> {
    let existing: Option<(String, String, Option<String>)> = conn
        .query_row(
            "SELECT id, name, deleted_at FROM enterprises WHERE credit_code = ?1 AND id IS NOT ?2",
            params![code, except],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((existing_id, name, deleted_at)) = existing else { return Ok(()) };
    let (message, message_en) = if deleted_at.is_some() {
        (
            format!("回收站中的企业“{name}”已使用该统一社会信用代码，可从回收站恢复它"),
            format!("The enterprise {name} in the recycle bin has this credit code; restore it from the recycle bin"),
        )
    } else {
        (
            format!("已有该统一社会信用代码的企业“{name}”，请勿重复添加"),
            format!("The enterprise {name} already has this credit code"),
        )
    };
    Err(CoreError::Duplicate { existing_id, field: "creditCode".to_owned(), message, message_en })
}

/// Warnings about live enterprises whose names are the same as `name` once spaces, brackets, width and the legal
/// form are set aside.
fn similar_name_warnings(conn: &Connection, name: &str, except: Option<&str>) -> Result<Vec<FieldError>> {
    let key = company_name_key(name);
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT name FROM enterprises WHERE name_key = ?1 AND deleted_at IS NULL AND id IS NOT ?2 ORDER BY name LIMIT 5",
    )?;
    let names = db::read_rows(&mut stmt, params![key, except], |r| r.get::<_, String>(0))?;
    Ok(names
        .into_iter()
        .map(|other| {
            FieldError::new(
                "name",
                format!("已有名称相近的企业“{other}”，请确认不是同一家企业"),
                format!("A similar enterprise is already on file: {other}; check it is not the same one"),
            )
        })
        .collect())
}

/// Creates an enterprise and its contacts inside the caller's transaction; audited. A similar name comes back as a
/// warning with the saved record.
pub fn create(conn: &Connection, actor: &Actor, input: &EnterpriseInput) -> Result<SaveOutcome<Enterprise>> {
    let mut enterprise = validate_new(input)?;
    check_duplicate(conn, &enterprise.credit_code, None)?;
    let warnings = similar_name_warnings(conn, &enterprise.name, None)?;
    insert_new(conn, &mut enterprise, &actor.now())?;
    let record = get(conn, &enterprise.id)?;
    audit::record::<(), _>(conn, actor, AuditAction::Create, Entity::Enterprise, &record.id, None, Some(&record))?;
    Ok(SaveOutcome { record, warnings })
}

/// A new enterprise's form cleaned and checked (id, timestamps and revision still to be set by [`insert_new`]).
pub(crate) fn validate_new(input: &EnterpriseInput) -> Result<Enterprise> {
    Ok(validate_input(input, &HashSet::new())?.enterprise)
}

/// Inserts a validated new enterprise and its contacts, giving them ids and timestamps (no duplicate check, no audit:
/// the caller does both).
pub(crate) fn insert_new(conn: &Connection, enterprise: &mut Enterprise, now: &str) -> Result<()> {
    enterprise.id = new_id();
    enterprise.stamps = Stamps::new(now.to_owned());
    for c in &mut enterprise.contacts {
        c.id = new_id();
    }
    conn.prepare_cached(
        "INSERT INTO enterprises (id, name, credit_code, credit_code_override, province, city, county, region_code,
             address, legal_representative, industry, main_products, size, is_high_tech, is_tech_sme, is_specialized,
             notes, created_at, updated_at, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, 1)",
    )?
    .execute(params![
        enterprise.id,
        enterprise.name,
        enterprise.credit_code,
        enterprise.credit_code_override,
        enterprise.province,
        enterprise.city,
        enterprise.county,
        enterprise.region_code,
        enterprise.address,
        enterprise.legal_representative,
        enterprise.industry,
        enterprise.main_products,
        enterprise.size,
        enterprise.is_high_tech,
        enterprise.is_tech_sme,
        enterprise.is_specialized,
        enterprise.notes,
        now
    ])?;
    for c in &enterprise.contacts {
        insert_contact(conn, &enterprise.id, c, now)?;
    }
    Ok(())
}

fn insert_contact(conn: &Connection, enterprise_id: &str, c: &Contact, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO enterprise_contacts (id, enterprise_id, name, position, phone, email, is_primary, created_at,
             updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![c.id, enterprise_id, c.name, c.position, c.phone, c.email, c.is_primary, now])?;
    Ok(())
}

/// Edits an enterprise and its contacts inside the caller's transaction. Refused when `expected_revision` is not the
/// stored one. Contacts with an id are edited, those without are added, live ones missing from the form go to the
/// recycle bin. Audited before → after.
pub fn update(
    conn: &Connection,
    actor: &Actor,
    id: &str,
    expected_revision: i32,
    input: &EnterpriseInput,
) -> Result<SaveOutcome<Enterprise>> {
    let before = get(conn, id)?;
    record::check_revision(Entity::Enterprise, id, expected_revision, before.stamps.revision)?;
    let existing: HashSet<String> = before.contacts.iter().map(|c| c.id.clone()).collect();
    let Clean { enterprise: mut after, contact_ids } = validate_input(input, &existing)?;
    check_duplicate(conn, &after.credit_code, Some(id))?;
    let warnings = similar_name_warnings(conn, &after.name, Some(id))?;
    let now = actor.now();
    after.id = before.id.clone();
    after.stamps = before.stamps.edited(now.clone());
    conn.execute(
        "UPDATE enterprises SET name = ?2, credit_code = ?3, credit_code_override = ?4, province = ?5, city = ?6,
             county = ?7, region_code = ?8, address = ?9, legal_representative = ?10, industry = ?11,
             main_products = ?12, size = ?13, is_high_tech = ?14, is_tech_sme = ?15, is_specialized = ?16,
             notes = ?17, updated_at = ?18, revision = ?19
         WHERE id = ?1",
        params![
            after.id,
            after.name,
            after.credit_code,
            after.credit_code_override,
            after.province,
            after.city,
            after.county,
            after.region_code,
            after.address,
            after.legal_representative,
            after.industry,
            after.main_products,
            after.size,
            after.is_high_tech,
            after.is_tech_sme,
            after.is_specialized,
            after.notes,
            now,
            after.stamps.revision
        ],
    )?;
    let kept: HashSet<&str> = contact_ids.iter().flatten().map(String::as_str).collect();
    for old in before.contacts.iter().filter(|c| !kept.contains(c.id.as_str())) {
        conn.execute(
            "UPDATE enterprise_contacts SET deleted_at = ?2, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
            params![old.id, now],
        )?;
    }
    // The one-primary index would see two primaries while contacts are rewritten one by one; clear the flag first.
    conn.execute("UPDATE enterprise_contacts SET is_primary = 0 WHERE enterprise_id = ?1 AND is_primary = 1", [id])?;
    for (contact, existing_id) in after.contacts.iter_mut().zip(contact_ids) {
        match existing_id {
            Some(cid) => {
                contact.id = cid;
                let old = before.contacts.iter().find(|c| c.id == contact.id).expect("validated against these ids");
                let bump = i32::from(old != contact);
                conn.execute(
                    "UPDATE enterprise_contacts SET name = ?2, position = ?3, phone = ?4, email = ?5, is_primary = ?6,
                         updated_at = CASE WHEN ?7 = 1 THEN ?8 ELSE updated_at END, revision = revision + ?7
                     WHERE id = ?1",
                    params![
                        contact.id,
                        contact.name,
                        contact.position,
                        contact.phone,
                        contact.email,
                        contact.is_primary,
                        bump,
                        now
                    ],
                )?;
            }
            None => {
                contact.id = new_id();
                insert_contact(conn, id, contact, &now)?;
            }
        }
    }
    let record = get(conn, id)?;
    audit::record(conn, actor, AuditAction::Update, Entity::Enterprise, id, Some(&before), Some(&record))?;
    Ok(SaveOutcome { record, warnings })
}

/// One enterprise by id (not in the recycle bin) with its live contacts, the primary one first.
pub fn get(conn: &Connection, id: &str) -> Result<Enterprise> {
    fetch(conn, id, false)
}

/// One enterprise by id from the recycle bin (`in_bin`) or from the list (`!in_bin`); `NotFound` otherwise.
pub(crate) fn fetch(conn: &Connection, id: &str, in_bin: bool) -> Result<Enterprise> {
    let state = if in_bin { "IS NOT NULL" } else { "IS NULL" };
    let mut e = conn
        .query_row(
            &format!(
                "SELECT id, name, credit_code, credit_code_override, province, city, county, region_code, address,
                        legal_representative, industry, main_products, size, is_high_tech, is_tech_sme,
                        is_specialized, notes, created_at, updated_at, revision
                 FROM enterprises WHERE id = ?1 AND deleted_at {state}"
            ),
            [id],
            enterprise_from_row,
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: Entity::Enterprise, id: id.to_owned() })?;
    e.contacts = contacts_of(conn, id)?;
    Ok(e)
}

/// The live contacts of an enterprise, the primary one first, then in the order they were added.
fn contacts_of(conn: &Connection, enterprise_id: &str) -> Result<Vec<Contact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, position, phone, email, is_primary FROM enterprise_contacts
         WHERE enterprise_id = ?1 AND deleted_at IS NULL ORDER BY is_primary DESC, created_at, rowid",
    )?;
    let rows = db::read_rows(&mut stmt, [enterprise_id], |r| {
        Ok(Contact {
            id: r.get(0)?,
            name: r.get(1)?,
            position: r.get(2)?,
            phone: r.get(3)?,
            email: r.get(4)?,
            is_primary: r.get(5)?,
        })
    })?;
    Ok(rows)
}

fn enterprise_from_row(r: &Row<'_>) -> rusqlite::Result<Enterprise> {
    Ok(Enterprise {
        id: r.get(0)?,
        name: r.get(1)?,
        credit_code: r.get(2)?,
        credit_code_override: r.get(3)?,
        province: r.get(4)?,
        city: r.get(5)?,
        county: r.get(6)?,
        region_code: r.get(7)?,
        address: r.get(8)?,
        legal_representative: r.get(9)?,
        industry: r.get(10)?,
        main_products: r.get(11)?,
        size: r.get(12)?,
        is_high_tech: r.get(13)?,
        is_tech_sme: r.get(14)?,
        is_specialized: r.get(15)?,
        notes: r.get(16)?,
        contacts: Vec::new(),
        stamps: Stamps::from_row(r, 17)?,
    })
}

impl Ledger {
    /// Validates and saves a new enterprise with its contacts; warnings (a similar name on file) come with it.
    pub fn create_enterprise(&self, input: &EnterpriseInput) -> Result<SaveOutcome<Enterprise>> {
        self.db.write(|tx| create(tx, &self.actor, input))
    }

    /// Saves an edited enterprise; refused with `conflict` when it changed since `expected_revision` was read.
    pub fn update_enterprise(
        &self,
        id: &str,
        expected_revision: i32,
        input: &EnterpriseInput,
    ) -> Result<SaveOutcome<Enterprise>> {
        self.db.write(|tx| update(tx, &self.actor, id, expected_revision, input))
    }

    /// One enterprise with its contacts (for the edit form).
    pub fn get_enterprise(&self, id: &str) -> Result<Enterprise> {
        self.db.read(|c| get(c, id))
    }

    /// A page of the enterprise list (its total and its rows read in one transaction).
    pub fn list_enterprises(&self, query: &EnterpriseQuery) -> Result<Page<EnterpriseRow>> {
        self.db.read_snapshot(|c| list(c, query))
    }
}
