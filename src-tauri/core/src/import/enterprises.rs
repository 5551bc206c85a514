//! Importing a 企业名录: each row becomes an enterprise (with its contact) checked by the form's own rules. The
//! credit code is the duplicate key — against the stored enterprises (the recycle bin included) and earlier rows; a
//! failing check character is a warning, and the code is kept with the import recorded as the reason.

use std::collections::HashMap;

use rusqlite::Connection;

use super::plan::{Action, Decision};
use super::row::RowView;
use super::values;
use super::write::Written;
use crate::error::Result;
use crate::model::Entity;
use crate::model::{ContactInput, DuplicatePolicy, Enterprise, EnterpriseInput};
use crate::normalize::{clean_person_name, company_name_key};
use crate::registry::enterprises;
use crate::validate::credit_code::{check_credit_code, CreditCodeCheck};

/// A new enterprise, validated.
pub(crate) struct NewEnterprise {
    enterprise: Enterprise,
}

/// A stored enterprise overwritten by a row: the stored record and the merged form.
pub(crate) struct EnterpriseUpdate {
    before: Enterprise,
    input: EnterpriseInput,
}

struct Stored {
    id: String,
    name: String,
    in_bin: bool,
}

/// The list's rules, loaded with the stored credit codes and name keys.
pub(crate) struct Rules {
    policy: DuplicatePolicy,
    by_code: HashMap<String, Stored>,
    by_name_key: HashMap<String, String>,
    in_file: HashMap<String, u32>,
    name_keys_in_file: HashMap<String, u32>,
}

impl Rules {
    pub(crate) fn load(conn: &Connection, policy: DuplicatePolicy) -> Result<Self> {
        let mut by_code = HashMap::new();
        let mut by_name_key = HashMap::new();
        let mut stmt =
            conn.prepare("SELECT id, name, credit_code, name_key, deleted_at IS NOT NULL FROM enterprises")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, name, code, key, in_bin): (String, String, String, String, bool) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            if !in_bin {
                by_name_key.insert(key, name.clone());
            }
            by_code.insert(code, Stored { id, name, in_bin });
        }
        Ok(Self { policy, by_code, by_name_key, in_file: HashMap::new(), name_keys_in_file: HashMap::new() })
    }

    pub(crate) fn judge(&mut self, conn: &Connection, row: &mut RowView<'_>) -> Result<Decision> {
        let mut input = self.input_of(row);
        if let Some(code) = values::credit_code(row.cell("creditCode")) {
            if let Ok(CreditCodeCheck::CheckDigitMismatch { expected, .. }) = check_credit_code(&code) {
                row.warn(
                    Some("creditCode"),
                    format!("统一社会信用代码校验位不符（按规则应为“{expected}”），将按原样保留"),
                    format!("The credit code's check character fails (it should be '{expected}'); kept as written"),
                );
                input.credit_code_override = Some(format!("导入时按原文件保留（第 {} 行）", row.row));
            }
        }
        let Some(enterprise) = row.accept(enterprises::validate_new(&input), field_of)? else {
            return Ok(Decision::Reject);
        };
        if !row.errors.is_empty() {
            return Ok(Decision::Reject);
        }
        let code = enterprise.credit_code.clone();
        if let Some(first) = self.in_file.insert(code.clone(), row.row) {
            self.in_file.insert(code, first);
            return Ok(Decision::Duplicate {
                existing_id: None,
                reason: format!("与第 {first} 行的统一社会信用代码相同"),
                reason_en: format!("The same credit code as row {first}"),
            });
        }
        match self.by_code.get(&code) {
            Some(Stored { name, in_bin: true, .. }) => {
                row.error(
                    Some("creditCode"),
                    format!("回收站中的企业“{name}”已使用该统一社会信用代码，请先从回收站恢复它"),
                    format!("The enterprise {name} in the recycle bin has this credit code; restore it first"),
                );
                Ok(Decision::Reject)
            }
            Some(Stored { id, name, .. }) => match self.policy {
                DuplicatePolicy::Skip => Ok(Decision::Duplicate {
                    existing_id: Some(id.clone()),
                    reason: format!("已有该统一社会信用代码的企业“{name}”，按设置跳过"),
                    reason_en: format!("{name} already has this credit code; skipped as chosen"),
                }),
                DuplicatePolicy::Update => {
                    let before = enterprises::get(conn, id)?;
                    let merged = merge(&before, &input, &enterprise);
                    Ok(Decision::Update {
                        existing_id: id.clone(),
                        action: Action::EnterpriseUpdate(Box::new(EnterpriseUpdate { before, input: merged })),
                    })
                }
            },
            None => {
                self.warn_similar(row, &enterprise.name);
                Ok(Decision::Add(Action::Enterprise(Box::new(NewEnterprise { enterprise }))))
            }
        }
    }

    fn input_of(&self, row: &mut RowView<'_>) -> EnterpriseInput {
        let (mut province, mut city, mut county) = (row.text("province"), row.text("city"), row.text("county"));
        if let Some(region) = row.text("region") {
            let (p, c, k) = split_region(&region);
            province = province.or(p);
            city = city.or(c);
            county = county.or(k);
        }
        let contact_name = row.text("contactName").map(|n| clean_person_name(&n));
        let contact_phone = row.read("contactPhone", values::phone);
        let contact_email = row.read("contactEmail", values::email);
        let contacts = match contact_name {
            Some(name) => vec![ContactInput {
                id: None,
                name,
                position: row.text("contactPosition"),
                phone: contact_phone,
                email: contact_email,
                is_primary: true,
            }],
            None => {
                if contact_phone.is_some() {
                    row.warn(
                        Some("contactName"),
                        "有联系电话但没有联系人姓名，联系人未导入",
                        "A contact phone without a contact name; the contact was left out",
                    );
                }
                Vec::new()
            }
        };
        EnterpriseInput {
            name: row.text("name").unwrap_or_default(),
            credit_code: values::credit_code(row.cell("creditCode")).unwrap_or_default(),
            credit_code_override: None,
            province,
            city,
            county,
            region_code: None,
            address: row.text("address"),
            legal_representative: row.text("legalRepresentative"),
            industry: row.read("industry", values::industry),
            main_products: row.text("mainProducts"),
            size: row.read("size", values::enterprise_size),
            is_high_tech: row.read("isHighTech", values::flag).unwrap_or(false),
            is_tech_sme: row.read("isTechSme", values::flag).unwrap_or(false),
            is_specialized: row.read("isSpecialized", values::flag).unwrap_or(false),
            notes: row.text("notes"),
            contacts,
        }
    }

    /// A new enterprise whose name matches a stored one or an earlier row once spaces, brackets and legal form are
    /// set aside.
    fn warn_similar(&mut self, row: &mut RowView<'_>, name: &str) {
        let key = company_name_key(name);
        if key.is_empty() {
            return;
        }
        if let Some(other) = self.by_name_key.get(&key) {
            row.warn(
                Some("name"),
                format!("已有名称相近的企业“{other}”，请确认不是同一家企业"),
                format!("A similar enterprise is already on file: {other}; check it is not the same one"),
            );
        } else if let Some(first) = self.name_keys_in_file.insert(key, row.row) {
            row.warn(
                Some("name"),
                format!("与第 {first} 行的企业名称相近，请确认不是同一家企业"),
                format!("The name is close to row {first}'s; check it is not the same enterprise"),
            );
        }
    }
}

/// The import field a validation error of the enterprise form belongs to.
fn field_of(form_field: &str) -> &str {
    match form_field {
        "contacts[0].name" => "contactName",
        "contacts[0].phone" => "contactPhone",
        "contacts[0].email" => "contactEmail",
        "regionCode" => "region",
        other => other,
    }
}

/// `广东省广州市天河区` → (广东省, 广州市, 天河区): split after the province (省, 自治区, or one of the four
/// municipalities), then after the city (自治州, 市, 地区, 盟, 州); what is left is the county.
pub(crate) fn split_region(region: &str) -> (Option<String>, Option<String>, Option<String>) {
    let s: String = region.chars().filter(|c| !c.is_whitespace()).collect();
    // The first ending in order of preference (so 广州市 ends at 市, not at 州).
    let cut = |s: &str, ends: &[&str]| -> Option<usize> { ends.iter().find_map(|e| s.find(e).map(|i| i + e.len())) };
    let (province, rest) = match ["北京市", "天津市", "上海市", "重庆市"].iter().find(|m| s.starts_with(**m))
    {
        Some(m) => (Some(m.to_string()), &s[m.len()..]),
        None => match cut(&s, &["省", "自治区", "特别行政区"]) {
            Some(i) => (Some(s[..i].to_owned()), &s[i..]),
            None => (None, s.as_str()),
        },
    };
    let municipality = province.as_deref().is_some_and(|p| p.ends_with('市'));
    let (city, county) = if municipality {
        (province.clone(), rest)
    } else {
        match cut(rest, &["自治州", "市", "地区", "盟", "州"]) {
            Some(i) if i < rest.len() || province.is_some() => (Some(rest[..i].to_owned()), &rest[i..]),
            _ => (None, rest),
        }
    };
    let some = |s: &str| if s.is_empty() { None } else { Some(s.to_owned()) };
    (province, city, some(county))
}

/// The stored enterprise with every field the row fills replaced by the row's value; the row's contact is added
/// when no stored contact has that name.
fn merge(before: &Enterprise, row: &EnterpriseInput, clean: &Enterprise) -> EnterpriseInput {
    let mut contacts: Vec<ContactInput> = before.contacts.iter().map(ContactInput::from).collect();
    for new in &row.contacts {
        if !contacts.iter().any(|c| c.name == new.name) {
            contacts.push(ContactInput { is_primary: contacts.is_empty(), ..new.clone() });
        }
    }
    EnterpriseInput {
        name: clean.name.clone(),
        credit_code: clean.credit_code.clone(),
        credit_code_override: clean.credit_code_override.clone().or_else(|| before.credit_code_override.clone()),
        province: clean.province.clone().or_else(|| before.province.clone()),
        city: clean.city.clone().or_else(|| before.city.clone()),
        county: clean.county.clone().or_else(|| before.county.clone()),
        region_code: before.region_code.clone(),
        address: clean.address.clone().or_else(|| before.address.clone()),
        legal_representative: clean.legal_representative.clone().or_else(|| before.legal_representative.clone()),
        industry: clean.industry.clone().or_else(|| before.industry.clone()),
        main_products: clean.main_products.clone().or_else(|| before.main_products.clone()),
        size: clean.size.or(before.size),
        is_high_tech: clean.is_high_tech || before.is_high_tech,
        is_tech_sme: clean.is_tech_sme || before.is_tech_sme,
        is_specialized: clean.is_specialized || before.is_specialized,
        notes: clean.notes.clone().or_else(|| before.notes.clone()),
        contacts,
    }
}

/// Writes a new enterprise with its contact.
pub(crate) fn write_new(conn: &Connection, w: &mut Written, new: &NewEnterprise) -> Result<()> {
    let mut enterprise = new.enterprise.clone();
    enterprises::insert_new(conn, &mut enterprise, &w.actor.now())?;
    w.created(Entity::Enterprise, &enterprise.id, 1);
    Ok(())
}

/// Overwrites a stored enterprise (audited, with the record before kept for undo).
pub(crate) fn write_update(conn: &Connection, w: &mut Written, update: &EnterpriseUpdate) -> Result<()> {
    let before = &update.before;
    let saved = enterprises::update(conn, &w.actor, &before.id, before.stamps.revision, &update.input)?;
    w.updated(Entity::Enterprise, &saved.record.id, saved.record.stamps.revision, before)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> (Option<String>, Option<String>, Option<String>) {
        split_region(s)
    }

    #[test]
    fn a_region_splits_into_province_city_and_county() {
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(split("广东省广州市天河区"), (s("广东省"), s("广州市"), s("天河区")));
        assert_eq!(split("北京市海淀区"), (s("北京市"), s("北京市"), s("海淀区")));
        assert_eq!(split("新疆维吾尔自治区 乌鲁木齐市"), (s("新疆维吾尔自治区"), s("乌鲁木齐市"), None));
        assert_eq!(split("四川省绵阳市"), (s("四川省"), s("绵阳市"), None));
        assert_eq!(split("湖北省"), (s("湖北省"), None, None));
        assert_eq!(split("天河区"), (None, None, s("天河区")));
        assert_eq!(split("湖北省恩施土家族苗族自治州恩施市"), (s("湖北省"), s("恩施土家族苗族自治州"), s("恩施市")));
    }
}
