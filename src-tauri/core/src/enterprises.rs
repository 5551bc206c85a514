//! 服务企业: validation of the form (credit code with its check-character override, contacts), creation, editing
//! with a revision check, the similar-name warning, and the paged list.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};

use crate::audit::{self, AuditAction};
use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::ids::new_id;
use crate::model::Entity;
use crate::model::{
    clamp_page, Contact, Enterprise, EnterpriseInput, EnterpriseQuery, EnterpriseRow, EnterpriseSortKey, Page,
    SaveOutcome, SortOrder,
};
use crate::normalize::{clean_optional, clean_person_name, clean_text, company_name_key};
use crate::record;
use crate::search;
use crate::validate::credit_code::{check_credit_code, CreditCodeCheck};
use crate::validate::{email, phone};
use crate::Ledger;

/// The longest enterprise name accepted.
pub const MAX_NAME_CHARS: usize = 100;

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
            created_at: String::new(),
            updated_at: String::new(),
            revision: 0,
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
    let names =
        stmt.query_map(params![key, except], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
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
    enterprise.created_at = now.to_owned();
    enterprise.updated_at = now.to_owned();
    enterprise.revision = 1;
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
        insert_contact(conn, &enterprise.id, c, &now)?;
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
    record::check_revision(Entity::Enterprise, id, expected_revision, before.revision)?;
    let existing: HashSet<String> = before.contacts.iter().map(|c| c.id.clone()).collect();
    let Clean { enterprise: mut after, contact_ids } = validate_input(input, &existing)?;
    check_duplicate(conn, &after.credit_code, Some(id))?;
    let warnings = similar_name_warnings(conn, &after.name, Some(id))?;
    let now = actor.now();
    after.id = before.id.clone();
    after.created_at = before.created_at.clone();
    after.updated_at = now.clone();
    after.revision = before.revision + 1;
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
            after.revision
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
    let rows = stmt
        .query_map([enterprise_id], |r| {
            Ok(Contact {
                id: r.get(0)?,
                name: r.get(1)?,
                position: r.get(2)?,
                phone: r.get(3)?,
                email: r.get(4)?,
                is_primary: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
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
        created_at: r.get(17)?,
        updated_at: r.get(18)?,
        revision: r.get(19)?,
    })
}

/// The list's equality filters, in the key order of `enterprises_live_filters` and `enterprise_counts`.
const FILTER_COLUMNS: [&str; 8] =
    ["province", "city", "county", "size", "industry", "is_high_tech", "is_tech_sme", "is_specialized"];

/// The filtered columns of a list query, in [`FILTER_COLUMNS`] order; the i-th is compared with `?{i + 1}`.
struct Filters(Vec<&'static str>);

impl Filters {
    /// The filtered columns and their values (the first arguments of every query of the list).
    fn of(q: &EnterpriseQuery) -> (Self, Vec<Box<dyn ToSql>>) {
        fn boxed<T: ToSql + 'static>(v: T) -> Box<dyn ToSql> {
            Box::new(v)
        }
        let text = |v: &Option<String>| clean_optional(v.as_deref()).map(boxed);
        let values = [
            text(&q.province),
            text(&q.city),
            text(&q.county),
            q.size.map(boxed),
            clean_optional(q.industry.as_deref()).map(|i| boxed(i.to_ascii_uppercase())),
            q.is_high_tech.map(boxed),
            q.is_tech_sme.map(boxed),
            q.is_specialized.map(boxed),
        ];
        let (mut columns, mut args) = (Vec::new(), Vec::new());
        for (column, value) in FILTER_COLUMNS.into_iter().zip(values) {
            if let Some(value) = value {
                columns.push(column);
                args.push(value);
            }
        }
        (Self(columns), args)
    }

    fn has(&self, column: &str) -> bool {
        self.0.contains(&column)
    }

    /// How many leading key columns of `enterprises_live_filters` are all filtered (what a seek can use).
    fn seek_prefix(&self) -> usize {
        self.0.iter().zip(FILTER_COLUMNS).take_while(|(a, b)| *a == b).count()
    }

    /// `{alias}{column} = ?N` for the filters `keep` accepts (by position), joined with AND; `1` for none.
    fn condition(&self, alias: &str, keep: impl Fn(usize) -> bool) -> String {
        let terms: Vec<String> =
            (0..self.0.len()).filter(|&i| keep(i)).map(|i| format!("{alias}{} = ?{}", self.0[i], i + 1)).collect();
        if terms.is_empty() {
            "1".to_owned()
        } else {
            terms.join(" AND ")
        }
    }
}

/// What `enterprise_counts` says about the live enterprises: all of them, those matching the filters and in how many
/// combinations of filter values, those a seek of `enterprises_live_filters` on the filters reads, and those in the
/// filtered province.
#[derive(Debug, Clone, Copy)]
struct Counts {
    live: i64,
    matching: i64,
    groups: i64,
    seek_range: i64,
    province: i64,
}

/// [`Counts`] for the filters `f` with their values `args`, in one pass over `enterprise_counts` (about 6,000 rows
/// for the 100,000 enterprises of the large sample).
fn counts(conn: &Connection, f: &Filters, args: &[&dyn ToSql]) -> Result<Counts> {
    if f.0.is_empty() {
        let (live, groups) = conn
            .prepare_cached("SELECT coalesce(sum(live), 0), count(*) FROM enterprise_counts")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        return Ok(Counts { live, matching: live, groups, seek_range: live, province: live });
    }
    let prefix = f.seek_prefix();
    let all = f.condition("", |_| true);
    let sql = format!(
        "SELECT coalesce(sum(live), 0), coalesce(sum(live) FILTER (WHERE {all}), 0), count(*) FILTER (WHERE {all}),
                coalesce(sum(live) FILTER (WHERE {}), 0), coalesce(sum(live) FILTER (WHERE {}), 0)
         FROM enterprise_counts",
        f.condition("", |i| i < prefix),
        f.condition("", |i| f.0[i] == "province"),
    );
    Ok(conn.prepare_cached(&sql)?.query_row(args, |r| {
        Ok(Counts {
            live: r.get(0)?,
            matching: r.get(1)?,
            groups: r.get(2)?,
            seek_range: r.get(3)?,
            province: r.get(4)?,
        })
    })?)
}

/// Enterprises matching an FTS query, counted in the FTS index without reading the matching rows: only the live
/// ones (the index also holds deleted rows: those in the recycle bin are taken away) when `live`, else all.
fn fts_count(conn: &Connection, text: &str, live: bool) -> Result<i64> {
    let t = search::ENTERPRISES.fts_table;
    let bin = if live { "AND rowid NOT IN (SELECT rowid FROM enterprises WHERE deleted_at IS NOT NULL)" } else { "" };
    let sql = format!("SELECT count(*) FROM {t} WHERE {t} MATCH ?1 {bin}");
    Ok(conn.prepare_cached(&sql)?.query_row([search::fts_literal(text)], |r| r.get(0))?)
}

/// How the list reads the matching rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Walk this index (sort columns first, then every filter column) in the order asked, test the filters on its
    /// entries and stop after the page: cheap when the matches are spread through the index and the page is near.
    Walk(&'static str),
    /// Seek `enterprises_live_filters` on the filtered leading columns (region first) and sort what it finds:
    /// cheap when the filters leave few rows. It carries every sort column, so no row is read before the page.
    Seek,
    /// Seek `enterprises_live_filters` once for each matching combination of filter values in `enterprise_counts`,
    /// reading only matching entries, and sort them: cheap for a rare combination without a region, e.g. 大型 +
    /// 高新技术企业 + 专精特新.
    Groups,
    /// Leave it to SQLite: an FTS search reads its matches by rowid.
    Planner,
    /// Read the table once, counting the matches in the same pass (a LIKE search tests every row anyway).
    Scan,
}

/// The joins and conditions that make `Access::Groups` read each matching combination of `enterprise_counts` (as
/// `g`, NULL kept there as 0) through `enterprises_live_filters`.
const GROUPS_JOIN: &str = "en.province IS nullif(g.province, 0) AND en.city IS nullif(g.city, 0)
    AND en.county IS nullif(g.county, 0) AND en.size IS nullif(g.size, 0) AND en.industry IS nullif(g.industry, 0)
    AND en.is_high_tech = g.is_high_tech AND en.is_tech_sme = g.is_tech_sme AND en.is_specialized = g.is_specialized";

/// The FROM clause of an access, and the conditions it adds to the list's own.
fn from_clause(access: Access, f: &Filters) -> (String, String) {
    match access {
        Access::Walk(index) => (format!("enterprises en INDEXED BY {index}"), String::new()),
        Access::Seek => ("enterprises en INDEXED BY enterprises_live_filters".to_owned(), String::new()),
        Access::Groups => (
            "enterprise_counts g CROSS JOIN enterprises en INDEXED BY enterprises_live_filters".to_owned(),
            format!(" AND {} AND {GROUPS_JOIN}", f.condition("g.", |_| true)),
        ),
        Access::Planner => ("enterprises en".to_owned(), String::new()),
        // A LIKE search reads every row anyway: one sequential pass over the table beats walking a list index and
        // fetching each row from it (100,000 enterprises: about 40 ms against 170 ms).
        Access::Scan => ("enterprises en NOT INDEXED".to_owned(), String::new()),
    }
}

/// The ORDER BY columns of each key; the last one makes the order total (a credit code is unique).
fn sort_columns(key: EnterpriseSortKey) -> &'static [&'static str] {
    match key {
        EnterpriseSortKey::UpdatedAt => &["en.updated_at", "en.id"],
        EnterpriseSortKey::Name => &["en.name", "en.id"],
        EnterpriseSortKey::CreditCode => &["en.credit_code"],
        EnterpriseSortKey::Region => &["en.province", "en.city", "en.county", "en.id"],
    }
}

/// How a page sorted by `sort` can be read in order under the filters `f`, with the number of index entries that
/// walk covers. Names begin with the city and credit codes contain the division code: under a region filter their
/// matches bunch together in the name and credit-code indexes, so a province walks the province-led ones and a city
/// or county has none (a seek reads it). `enterprises_live_filters` is in region order, so a seek walks it.
fn ordered_access(sort: EnterpriseSortKey, f: &Filters, c: &Counts) -> Option<(Access, i64)> {
    use EnterpriseSortKey::{CreditCode, Name, Region, UpdatedAt};
    let regional = f.has("province") || f.has("city") || f.has("county");
    let province_only = f.has("province") && !f.has("city") && !f.has("county");
    let walk = |index: &'static str, entries: i64| Some((Access::Walk(index), entries));
    match sort {
        UpdatedAt => walk("enterprises_live_updated", c.live),
        Name if !regional => walk("enterprises_live_name", c.live),
        CreditCode if !regional => walk("enterprises_live_credit_code", c.live),
        Name if province_only => walk("enterprises_live_province_name", c.province),
        CreditCode if province_only => walk("enterprises_live_province_credit_code", c.province),
        Name | CreditCode => None,
        Region => Some((Access::Seek, c.seek_range)),
    }
}

/// The cheapest way to read a page that ends `reach` rows into a sorted list of `total` matches, `fts` the matches
/// of an FTS search if there is one. Costs are in index entries read: reading in order reads about
/// `reach × entries ÷ total` when the matches are spread evenly through the index; a seek reads its range and sorts
/// the matches (about two entries' work each); each combination sought costs about twenty; reading a match by rowid
/// about eight. Under an FTS search, all but the last first collect the matching rowids (about one each).
fn choose_access(sort: EnterpriseSortKey, f: &Filters, c: &Counts, fts: Option<i64>, total: i64, reach: i64) -> Access {
    let total = total.max(1);
    let collect = fts.unwrap_or(0);
    let mut best = (Access::Seek, c.seek_range + 2 * total + collect);
    let mut consider = |access: Access, cost: i64| {
        if cost < best.1 {
            best = (access, cost);
        }
    };
    if let Some((access, entries)) = ordered_access(sort, f, c) {
        consider(access, reach.saturating_mul(entries) / total + collect);
    }
    if !f.0.is_empty() {
        consider(Access::Groups, 20 * c.groups + 2 * total + collect);
    }
    if let Some(matches) = fts {
        consider(Access::Planner, 8 * matches);
    }
    best.0
}

/// How to count the matches of an FTS search with filters: read the matching combinations of `enterprise_counts`
/// and test the collected rowids when that is cheapest (the costs of [`choose_access`], nothing sorted); otherwise
/// SQLite chooses between reading each match by rowid and reading the narrowest index the filters can seek.
fn choose_count_access(c: &Counts, fts: Option<i64>) -> Access {
    match fts {
        Some(matches) if 20 * c.groups + c.matching + matches < (8 * matches).min(c.seek_range + matches) => {
            Access::Groups
        }
        Some(_) => Access::Planner,
        None => Access::Scan,
    }
}

fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// A page of the enterprise list, filtered and sorted as asked, with each enterprise's primary contact. Run it in
/// one read transaction (`Database::read_snapshot`), so that the total and the page see the same rows.
pub fn list(conn: &Connection, q: &EnterpriseQuery) -> Result<Page<EnterpriseRow>> {
    list_with(conn, q, None)
}

/// [`list`], reading the page the way `force` says when given (the tests hold every way to the same answer).
fn list_with(conn: &Connection, q: &EnterpriseQuery, force: Option<Access>) -> Result<Page<EnterpriseRow>> {
    let (page, page_size, _) = clamp_page(q.page, q.page_size);
    let plan = match plan_page(conn, q, force)? {
        Planned::Empty { total } => return Ok(Page { items: Vec::new(), total: to_u32(total), page, page_size }),
        Planned::Read(plan) => plan,
    };
    let arg_refs: Vec<&dyn ToSql> = plan.args.iter().map(|a| a.as_ref()).collect();
    let mut stmt = conn.prepare_cached(&plan.sql)?;
    let mut counted = None;
    let mut items = stmt
        .query_map(arg_refs.as_slice(), |r| {
            counted = r.get::<_, Option<i64>>(14)?;
            Ok(EnterpriseRow {
                id: r.get(0)?,
                name: r.get(1)?,
                credit_code: r.get(2)?,
                province: r.get(3)?,
                city: r.get(4)?,
                county: r.get(5)?,
                industry: r.get(6)?,
                size: r.get(7)?,
                is_high_tech: r.get(8)?,
                is_tech_sme: r.get(9)?,
                is_specialized: r.get(10)?,
                contact_name: r.get(11)?,
                contact_phone: r.get(12)?,
                updated_at: r.get(13)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if plan.flipped {
        items.reverse();
    }
    let total = match (plan.total, counted) {
        (Some(total), _) | (None, Some(total)) => total,
        // A LIKE search with no row on this page has no row to carry its count.
        (None, None) if plan.skip == 0 => 0,
        (None, None) => conn.query_row(&plan.count_sql, arg_refs.as_slice(), |r| r.get(0))?,
    };
    Ok(Page { items, total: to_u32(total), page, page_size })
}

/// What `plan_page` decided.
enum Planned {
    /// Nothing to read: no match, or the page is past the end.
    Empty { total: i64 },
    /// Read the page with this plan.
    Read(PagePlan),
}

/// The query that reads one page, and how to take its answer.
struct PagePlan {
    /// How the page is read (the tests check the choice).
    #[cfg_attr(not(test), allow(dead_code))]
    access: Access,
    /// The page query: the enterprise rows, then in column 14 the count of all matches (only for `Access::Scan`).
    sql: String,
    args: Vec<Box<dyn ToSql>>,
    /// The total when it was known before the page (every access but `Scan`).
    total: Option<i64>,
    /// The page is read from the end of the list in the opposite order; its rows come back reversed.
    flipped: bool,
    /// The OFFSET of the page query.
    skip: i64,
    /// `COUNT(*)` of the matches, with the same arguments.
    count_sql: String,
}

/// Works out the total (unless a LIKE search will count while it reads) and how to read the page: the total comes
/// from `enterprise_counts` without a search, from the FTS index for an FTS search without filters, and from
/// `COUNT(*)`, read the cheapest way, for an FTS search with filters. Knowing the total, a page in the second half of
/// the list is read from the end in the opposite order (less to skip and sort), and `choose_access` picks how to
/// read it, unless `force` says.
fn plan_page(conn: &Connection, q: &EnterpriseQuery, force: Option<Access>) -> Result<Planned> {
    let (_, page_size, offset) = clamp_page(q.page, q.page_size);
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let (f, mut args) = Filters::of(q);
    let filter_args = args.len();
    let mut conditions = vec!["en.deleted_at IS NULL".to_owned()];
    if !f.0.is_empty() {
        conditions.push(f.condition("en.", |_| true));
    }
    let text = search::clean_query(q.search.as_deref());
    if let Some(text) = &text {
        conditions.push(search::condition(&search::ENTERPRISES, text, &[], &mut args));
    }
    let filter = conditions.join(" AND ");
    let count_sql = |access: Access| {
        let (table, extra) = from_clause(access, &f);
        format!("SELECT COUNT(*) FROM {table} WHERE {filter}{extra}")
    };
    let like = text.as_deref().is_some_and(search::uses_like);

    let (access, total, skip, limit, flipped) = if force.map_or(like, |a| a == Access::Scan) {
        (Access::Scan, None, offset, i64::from(page_size), false)
    } else {
        let arg_refs: Vec<&dyn ToSql> = args.iter().map(|a| a.as_ref()).collect();
        let c = counts(conn, &f, &arg_refs[..filter_args])?;
        // With filters, the FTS count only weighs the ways to read (the bin hardly changes it).
        let fts = match &text {
            Some(text) if !like => Some(fts_count(conn, text, f.0.is_empty())?),
            _ => None,
        };
        let total = match (&text, fts) {
            (None, _) => c.matching,
            (Some(_), Some(matches)) if f.0.is_empty() => matches,
            (Some(_), _) => {
                let access = force.unwrap_or_else(|| choose_count_access(&c, fts));
                conn.prepare_cached(&count_sql(access))?.query_row(arg_refs.as_slice(), |r| r.get(0))?
            }
        };
        if offset >= total {
            return Ok(Planned::Empty { total });
        }
        let limit = i64::from(page_size).min(total - offset);
        let from_end = total - offset - limit;
        let (skip, flipped) = if from_end < offset { (from_end, true) } else { (offset, false) };
        let access = force.unwrap_or_else(|| choose_access(q.sort, &f, &c, fts, total, skip + limit));
        (access, Some(total), skip, limit, flipped)
    };

    let (table, extra) = from_clause(access, &f);
    let order = match (q.order, flipped) {
        (SortOrder::Asc, false) | (SortOrder::Desc, true) => SortOrder::Asc,
        _ => SortOrder::Desc,
    }
    .sql();
    let sort = sort_columns(q.sort).iter().map(|c| format!("{c} {order}")).collect::<Vec<_>>().join(", ");
    let counted = if access == Access::Scan { "count(*) OVER ()" } else { "NULL" };
    // The page's rows are chosen first and only those are joined with their primary contact: joining before the
    // LIMIT would look up a contact for every matching enterprise.
    let sql = format!(
        "WITH page AS (
             SELECT en.rowid AS row, {counted} AS total FROM {table}
             WHERE {filter}{extra} ORDER BY {sort} LIMIT {limit} OFFSET {skip}
         )
         SELECT en.id, en.name, en.credit_code, en.province, en.city, en.county, en.industry, en.size,
                en.is_high_tech, en.is_tech_sme, en.is_specialized, c.name, c.phone, en.updated_at, page.total
         FROM page JOIN enterprises en ON en.rowid = page.row
         LEFT JOIN enterprise_contacts c ON c.enterprise_id = en.id AND c.is_primary = 1 AND c.deleted_at IS NULL
         ORDER BY {sort}"
    );
    let count_sql = count_sql(Access::Scan);
    Ok(Planned::Read(PagePlan { access, sql, args, total, flipped, skip, count_sql }))
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

#[cfg(test)]
mod tests {
    //! Every way of reading a page gives the same rows and total as a plain filter-and-sort in Rust, on a fixture with
    //! NULLs, equal sort keys, deleted, purged, restored and edited rows.

    use super::*;
    use crate::model::EnterpriseSize;

    /// One enterprise row as the list sees it.
    #[derive(Debug, Clone)]
    struct Firm {
        id: String,
        name: String,
        credit_code: String,
        updated_at: String,
        region: [Option<String>; 3],
        size: Option<String>,
        industry: Option<String>,
        flags: [bool; 3],
        text: [Option<String>; 4],
    }

    fn fixture() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::migrations::migrate(&mut conn).unwrap();
        let regions: [(Option<&str>, Option<&str>, Option<&str>); 6] = [
            (Some("浙江省"), Some("杭州市"), Some("余杭区")),
            (Some("浙江省"), Some("杭州市"), Some("西湖区")),
            (Some("浙江省"), Some("温州市"), None),
            (Some("江苏省"), Some("苏州市"), Some("吴中区")),
            (Some("浙江省"), None, None),
            (None, None, None),
        ];
        let sizes = [Some("large"), Some("medium"), Some("small"), Some("micro"), None];
        let industries = [Some("C"), Some("I"), None];
        let words = ["新材料", "动力电池", "精密机械", "贸易", "新材料电池"];
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        for n in 0..260u64 {
            let (province, city, county) = regions[next(6) as usize];
            let word = words[next(5) as usize];
            // Some names and change times repeat, so the id has to break ties.
            let name = if n.is_multiple_of(13) {
                "同名企业有限公司".to_owned()
            } else {
                format!("{}{n}号{word}有限公司", city.unwrap_or("无名"))
            };
            conn.execute(
                "INSERT INTO enterprises (id, name, credit_code, province, city, county, size, industry, main_products,
                     address, legal_representative, is_high_tech, is_tech_sme, is_specialized, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
                params![
                    format!("id{:05}", (n * 7919) % 100_000),
                    name,
                    format!("91330100MA{:07}X", (n * 104_729) % 10_000_000),
                    province,
                    city,
                    county,
                    sizes[next(5) as usize],
                    industries[next(3) as usize],
                    (next(3) == 0).then(|| format!("{}、{}", words[next(5) as usize], words[next(5) as usize])),
                    (next(2) == 0).then(|| format!("{}文一西路{n}号", city.unwrap_or(""))),
                    (next(4) == 0).then_some("杭电池"),
                    next(2) == 0,
                    next(3) == 0,
                    next(5) == 0,
                    format!("2026-01-{:02}T08:00:00.000Z", n % 17 + 1),
                ],
            )
            .unwrap();
        }
        conn.execute_batch(
            "UPDATE enterprises SET deleted_at = '2026-02-01T00:00:00.000Z' WHERE rowid % 9 = 0;
             DELETE FROM enterprises WHERE rowid % 27 = 0;
             DELETE FROM enterprises WHERE rowid = 5;
             UPDATE enterprises SET deleted_at = NULL WHERE rowid IN (18, 36);
             UPDATE enterprises SET province = '江苏省', city = '苏州市', county = NULL, size = 'small' WHERE rowid % 10 = 1;
             UPDATE enterprises SET is_high_tech = 1 - is_high_tech, industry = NULL WHERE rowid % 11 = 2;
             UPDATE enterprises SET province = NULL, deleted_at = '2026-02-02T00:00:00.000Z' WHERE rowid = 7;
             UPDATE enterprises SET name = name WHERE rowid = 8;
             UPDATE enterprises SET city = '', county = '' WHERE rowid IN (20, 21);",
        )
        .unwrap();
        conn
    }

    fn live_firms(conn: &Connection) -> Vec<Firm> {
        let mut stmt = conn
            .prepare(
                "SELECT id, name, credit_code, updated_at, province, city, county, size, industry, is_high_tech,
                        is_tech_sme, is_specialized, name, main_products, address, legal_representative
                 FROM enterprises WHERE deleted_at IS NULL",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok(Firm {
                id: r.get(0)?,
                name: r.get(1)?,
                credit_code: r.get(2)?,
                updated_at: r.get(3)?,
                region: [r.get(4)?, r.get(5)?, r.get(6)?],
                size: r.get(7)?,
                industry: r.get(8)?,
                flags: [r.get(9)?, r.get(10)?, r.get(11)?],
                text: [r.get(12)?, r.get(13)?, r.get(14)?, r.get(15)?],
            })
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    /// The list by the definition: filter, search and sort every live row in Rust.
    fn expected(firms: &[Firm], q: &EnterpriseQuery) -> Vec<String> {
        let same = |value: &Option<String>, wanted: &Option<String>| wanted.is_none() || value == wanted;
        let flag = |value: bool, wanted: Option<bool>| wanted.is_none_or(|w| w == value);
        let size = q.size.map(|s| s.code().to_owned());
        let mut rows: Vec<&Firm> = firms
            .iter()
            .filter(|e| {
                same(&e.region[0], &q.province)
                    && same(&e.region[1], &q.city)
                    && same(&e.region[2], &q.county)
                    && same(&e.size, &size)
                    && same(&e.industry, &q.industry)
                    && flag(e.flags[0], q.is_high_tech)
                    && flag(e.flags[1], q.is_tech_sme)
                    && flag(e.flags[2], q.is_specialized)
                    && q.search.as_ref().is_none_or(|s| e.text.iter().flatten().any(|t| t.contains(s.as_str())))
            })
            .collect();
        rows.sort_by(|a, b| {
            let key = |e: &Firm| -> Vec<Option<String>> {
                match q.sort {
                    EnterpriseSortKey::UpdatedAt => vec![Some(e.updated_at.clone()), Some(e.id.clone())],
                    EnterpriseSortKey::Name => vec![Some(e.name.clone()), Some(e.id.clone())],
                    EnterpriseSortKey::CreditCode => vec![Some(e.credit_code.clone())],
                    EnterpriseSortKey::Region => {
                        let mut k = e.region.to_vec();
                        k.push(Some(e.id.clone()));
                        k
                    }
                }
            };
            let ord = key(a).cmp(&key(b));
            if q.order == SortOrder::Desc {
                ord.reverse()
            } else {
                ord
            }
        });
        rows.into_iter().map(|e| e.id.clone()).collect()
    }

    const ACCESSES: [Option<Access>; 10] = [
        None,
        Some(Access::Walk("enterprises_live_updated")),
        Some(Access::Walk("enterprises_live_name")),
        Some(Access::Walk("enterprises_live_credit_code")),
        Some(Access::Walk("enterprises_live_province_name")),
        Some(Access::Walk("enterprises_live_province_credit_code")),
        Some(Access::Seek),
        Some(Access::Groups),
        Some(Access::Planner),
        Some(Access::Scan),
    ];

    #[test]
    fn every_way_of_reading_a_page_gives_the_rows_and_total_of_the_definition() {
        let conn = fixture();
        let firms = live_firms(&conn);
        let zj = || Some("浙江省".to_owned());
        let filters = [
            EnterpriseQuery::default(),
            EnterpriseQuery { province: zj(), ..Default::default() },
            EnterpriseQuery { province: zj(), size: Some(EnterpriseSize::Small), ..Default::default() },
            EnterpriseQuery { province: zj(), city: Some("杭州市".into()), ..Default::default() },
            EnterpriseQuery {
                province: zj(),
                city: Some("杭州市".into()),
                county: Some("余杭区".into()),
                ..Default::default()
            },
            EnterpriseQuery { city: Some("苏州市".into()), ..Default::default() },
            EnterpriseQuery { size: Some(EnterpriseSize::Micro), is_tech_sme: Some(false), ..Default::default() },
            EnterpriseQuery { industry: Some("c".into()), is_high_tech: Some(true), ..Default::default() },
            EnterpriseQuery { is_specialized: Some(true), ..Default::default() },
            EnterpriseQuery { province: Some("不存在省".into()), ..Default::default() },
        ];
        let sorts = [
            EnterpriseSortKey::UpdatedAt,
            EnterpriseSortKey::Name,
            EnterpriseSortKey::CreditCode,
            EnterpriseSortKey::Region,
        ];
        let mut checked = 0;
        for base in &filters {
            for search in [None, Some("新材料"), Some("精密机械"), Some("杭州")] {
                for sort in sorts {
                    for order in [SortOrder::Asc, SortOrder::Desc] {
                        let mut q = EnterpriseQuery { search: search.map(Into::into), sort, order, ..base.clone() };
                        let mut wanted = q.clone();
                        wanted.industry = wanted.industry.map(|i| i.to_ascii_uppercase());
                        let all = expected(&firms, &wanted);
                        q.page_size = 13;
                        let last = all.len().div_ceil(13).max(1) as u32;
                        let mut pages = vec![1, last / 2, last, last + 1];
                        pages.retain(|&p| p >= 1);
                        pages.dedup();
                        for page in pages {
                            q.page = page;
                            let start = ((page - 1) * 13) as usize;
                            let want: Vec<&String> = all.iter().skip(start).take(13).collect();
                            for force in ACCESSES {
                                let got = list_with(&conn, &q, force).unwrap();
                                let ids: Vec<&String> = got.items.iter().map(|r| &r.id).collect();
                                assert_eq!(ids, want, "{q:?} read by {force:?}");
                                assert_eq!(got.total as usize, all.len(), "{q:?} counted by {force:?}");
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 8_000, "{checked}");
    }

    #[test]
    fn the_counter_table_matches_a_recount() {
        let conn = fixture();
        let recount = "SELECT coalesce(province, 0), coalesce(city, 0), coalesce(county, 0), coalesce(size, 0),
                              coalesce(industry, 0), is_high_tech, is_tech_sme, is_specialized, count(*)
                       FROM enterprises WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8";
        let table = "SELECT * FROM enterprise_counts ORDER BY 1, 2, 3, 4, 5, 6, 7, 8";
        let rows = |sql: &str| -> Vec<String> {
            let mut stmt = conn.prepare(sql).unwrap();
            stmt.query_map([], |r| {
                Ok((0..9).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
        };
        assert_eq!(rows(table), rows(recount));
        let zero: i64 =
            conn.query_row("SELECT count(*) FROM enterprise_counts WHERE live <= 0", [], |r| r.get(0)).unwrap();
        assert_eq!(zero, 0, "a combination nobody has is removed");
    }

    fn counts_of(live: i64, matching: i64, groups: i64, seek_range: i64, province: i64) -> Counts {
        Counts { live, matching, groups, seek_range, province }
    }

    /// The choices for the queries of the benchmark and their neighbours, with the counts of the large sample.
    #[test]
    fn the_cheaper_way_is_chosen() {
        use EnterpriseSortKey::*;
        let f = |q: EnterpriseQuery| Filters::of(&q).0;
        let zj = || Some("浙江省".to_owned());
        let none = f(EnterpriseQuery::default());
        let all = counts_of(100_000, 100_000, 6_449, 100_000, 100_000);
        // The first page, newest first: walk the change-time index; by region: walk enterprises_live_filters.
        assert_eq!(choose_access(UpdatedAt, &none, &all, None, 100_000, 50), Access::Walk("enterprises_live_updated"));
        assert_eq!(choose_access(Region, &none, &all, None, 100_000, 500), Access::Seek);
        // 浙江省 + 小型, page 5: walk the province-led index of the sort, or the change-time one.
        let zj_small = f(EnterpriseQuery { province: zj(), size: Some(EnterpriseSize::Small), ..Default::default() });
        let c = counts_of(100_000, 11_931, 601, 26_648, 26_648);
        assert_eq!(
            choose_access(Name, &zj_small, &c, None, 11_931, 250),
            Access::Walk("enterprises_live_province_name")
        );
        let by_code = choose_access(CreditCode, &zj_small, &c, None, 11_931, 250);
        assert_eq!(by_code, Access::Walk("enterprises_live_province_credit_code"));
        assert_eq!(
            choose_access(UpdatedAt, &zj_small, &c, None, 11_931, 250),
            Access::Walk("enterprises_live_updated")
        );
        // A city: names bunch together, so seek the city.
        let city = f(EnterpriseQuery { province: zj(), city: Some("温州市".into()), ..Default::default() });
        let c = counts_of(100_000, 2_202, 150, 2_202, 26_648);
        assert_eq!(choose_access(Name, &city, &c, None, 2_202, 50), Access::Seek);
        // 大型 + 高新技术企业 + 专精特新: 160 enterprises in 83 combinations, no region to seek.
        let rare = f(EnterpriseQuery {
            size: Some(EnterpriseSize::Large),
            is_high_tech: Some(true),
            is_specialized: Some(true),
            ..Default::default()
        });
        let c = counts_of(100_000, 160, 83, 100_000, 100_000);
        assert_eq!(choose_access(UpdatedAt, &rare, &c, None, 160, 50), Access::Groups);
        // FTS: a common term walks, a rare one reads its few matches; counting with filters reads the combinations
        // only when they are few.
        assert_eq!(
            choose_access(UpdatedAt, &none, &all, Some(8_059), 8_059, 50),
            Access::Walk("enterprises_live_updated")
        );
        assert_eq!(choose_access(Name, &none, &all, Some(12), 12, 12), Access::Planner);
        assert_eq!(choose_count_access(&c, Some(8_059)), Access::Groups);
        assert_eq!(
            choose_count_access(&counts_of(100_000, 44_885, 2_276, 100_000, 100_000), Some(1_585)),
            Access::Planner
        );
    }

    #[test]
    fn a_walk_stops_after_the_page_without_sorting_and_a_page_past_the_middle_is_read_backwards() {
        let conn = fixture();
        let plan = |q: &EnterpriseQuery, force: Option<Access>| match plan_page(&conn, q, force).unwrap() {
            Planned::Read(p) => p,
            Planned::Empty { .. } => panic!("a page of {q:?}"),
        };
        let explain = |p: &PagePlan| -> String {
            let args: Vec<&dyn ToSql> = p.args.iter().map(|a| a.as_ref()).collect();
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {}", p.sql)).unwrap();
            let rows = stmt.query_map(args.as_slice(), |r| r.get::<_, String>(3)).unwrap();
            rows.collect::<rusqlite::Result<Vec<_>>>().unwrap().join("; ")
        };
        let q = EnterpriseQuery {
            province: Some("浙江省".into()),
            size: Some(EnterpriseSize::Small),
            sort: EnterpriseSortKey::Name,
            page_size: 5,
            ..Default::default()
        };
        let walk = plan(&q, Some(Access::Walk("enterprises_live_province_name")));
        let text = explain(&walk);
        assert!(text.contains("enterprises_live_province_name (province=?)"), "{text}");
        // One sort only: the outer one of the page's own rows after the join.
        assert_eq!(text.matches("TEMP B-TREE").count(), 1, "{text}");
        let seek = plan(&q, Some(Access::Seek));
        let text = explain(&seek);
        assert!(
            text.contains("enterprises_live_filters (province=?)") && text.matches("TEMP B-TREE").count() == 2,
            "{text}"
        );
        // Each combination is one seek on all eight key columns, NULLs included.
        let groups =
            plan(&EnterpriseQuery { size: Some(EnterpriseSize::Small), ..Default::default() }, Some(Access::Groups));
        let text = explain(&groups);
        assert!(text.contains("enterprises_live_filters (province=? AND city=? AND county=? AND size=? AND industry=? AND is_high_tech=? AND is_tech_sme=? AND is_specialized=?)"), "{text}");
        let newest = plan(&EnterpriseQuery { province: Some("浙江省".into()), ..Default::default() }, None);
        assert_eq!(newest.access, Access::Walk("enterprises_live_updated"));
        assert_eq!(explain(&newest).matches("TEMP B-TREE").count(), 1);
        let fts = plan(&EnterpriseQuery { search: Some("新材料".into()), ..Default::default() }, None);
        assert_eq!(fts.access, Access::Walk("enterprises_live_updated"));
        let total = fts.total.unwrap();
        let last = plan(
            &EnterpriseQuery {
                search: Some("新材料".into()),
                page: (total as u32).div_ceil(5),
                page_size: 5,
                ..Default::default()
            },
            None,
        );
        assert!(last.flipped && last.skip == 0, "the last page is the first from the end");
        let like = plan(&EnterpriseQuery { search: Some("电池".into()), ..Default::default() }, None);
        assert_eq!((like.access, like.total), (Access::Scan, None), "a LIKE search counts while it reads");
        assert!(matches!(
            plan_page(&conn, &EnterpriseQuery { page: 99, ..Default::default() }, None).unwrap(),
            Planned::Empty { total } if total == live_firms(&conn).len() as i64
        ));
    }
}
