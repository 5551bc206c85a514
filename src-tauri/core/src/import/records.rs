//! Importing last year's 走访记录 and 服务台账: each row names its enterprise (by credit code or exact name) and its
//! experts (by name, or name and phone); a reference that matches nothing, or more than one record, is reported on
//! its cell, never guessed. The rows are then checked by the forms' own rules, and a row that repeats a stored
//! record (or an earlier row) is a duplicate.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::plan::{Action, Decision};
use super::row::RowView;
use super::values;
use super::write::Written;
use crate::error::{CoreError, Result};
use crate::model::Entity;
use crate::model::{Evaluation, ImportKind, OutcomesInput, ReviewStatus, ServiceRecordInput, VisitInput, VisitMode};
use crate::money::format_wan;
use crate::normalize::{clean_person_name, clean_text, company_name_key};
use crate::{fieldwork::service_records, fieldwork::visits};

/// The rules of visits and service records, loaded with the names of the stored experts and enterprises.
pub(crate) struct Rules {
    kind: ImportKind,
    today: NaiveDate,
    experts: HashMap<String, Vec<(String, Option<String>)>>,
    pub(crate) enterprises: StoredEnterprises,
    in_file: HashMap<String, u32>,
}

/// The live enterprises a row may name: by credit code, by exact name, and by name key (for a close name).
pub(crate) struct StoredEnterprises {
    by_code: HashMap<String, (String, String)>,
    by_name: HashMap<String, Vec<String>>,
    name_keys: HashMap<String, String>,
}

impl Rules {
    pub(crate) fn load(conn: &Connection, kind: ImportKind, today: NaiveDate) -> Result<Self> {
        let mut experts: HashMap<String, Vec<(String, Option<String>)>> = HashMap::new();
        let mut stmt = conn.prepare("SELECT id, name, phone FROM experts WHERE deleted_at IS NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            experts.entry(r.get(1)?).or_default().push((r.get(0)?, r.get(2)?));
        }
        Ok(Self { kind, today, experts, enterprises: StoredEnterprises::load(conn)?, in_file: HashMap::new() })
    }

    pub(crate) fn judge(&mut self, conn: &Connection, row: &mut RowView<'_>) -> Result<Decision> {
        match self.kind {
            ImportKind::Visits => self.judge_visit(conn, row),
            _ => self.judge_service(conn, row),
        }
    }

    fn judge_visit(&mut self, conn: &Connection, row: &mut RowView<'_>) -> Result<Decision> {
        let visit_date = row.read("visitDate", values::day);
        let enterprise_id = self.enterprises.find(row);
        let mut expert_ids = Vec::new();
        let names = values::list(row.cell("experts"));
        for name in &names {
            if let Some(id) = self.expert(row, "experts", name, None) {
                expert_ids.push(id);
            }
        }
        let mode = row.read("mode", values::visit_mode).unwrap_or_else(|| {
            row.warn(Some("mode"), "未填走访方式，按“实地”导入", "No visit mode given; imported as on-site");
            VisitMode::OnSite
        });
        let input = VisitInput {
            visit_date: visit_date.map(|d| d.to_string()).unwrap_or_default(),
            enterprise_id: enterprise_id.clone().unwrap_or_default(),
            expert_ids,
            mode: Some(mode),
            purpose: row.text("purpose"),
            findings: row.text("findings"),
            next_step: row.text("nextStep"),
            follow_up_date: row.read("followUpDate", values::day).map(|d| d.to_string()),
            notes: row.text("notes"),
        };
        if !row.errors.is_empty() {
            return Ok(Decision::Reject);
        }
        if let Err(e) = visits::check_new(conn, &input, self.today) {
            return reject(row, e, visit_field);
        }
        let mut sorted = input.expert_ids.clone();
        sorted.sort();
        let key = format!("{}|{}|{}", input.enterprise_id, input.visit_date, sorted.join(","));
        if let Some(d) = earlier(&mut self.in_file, row, key) {
            return Ok(d);
        }
        if let Some(existing_id) = stored_visit(conn, &input, &sorted)? {
            return Ok(Decision::Duplicate {
                existing_id: Some(existing_id),
                reason: "已有同一天、同一企业、同样专员的走访记录".to_owned(),
                reason_en: "A visit on the same day to the same enterprise by the same experts is on file".to_owned(),
            });
        }
        Ok(Decision::Add(Action::Visit(Box::new(input))))
    }

    fn judge_service(&mut self, conn: &Connection, row: &mut RowView<'_>) -> Result<Decision> {
        let phone = row.read("expertPhone", values::phone);
        let expert_id = match row.text("expert") {
            Some(name) => self.expert(row, "expert", &name, phone.as_deref()),
            None => None,
        };
        let enterprise_id = self.enterprises.find(row);
        let start = row.read("startDate", values::day);
        let end = row.read("endDate", values::day).or(start);
        let days = row.read("serviceDays", values::days);
        let service_days = match (days, start, end) {
            (Some(d), _, _) => d,
            (None, Some(s), Some(e)) if e >= s => {
                let d = (e - s).num_days() + 1;
                row.warn(
                    Some("serviceDays"),
                    format!("未填服务天数，按起止日期计为 {d} 天"),
                    format!("No service days given; counted as {d} from the dates"),
                );
                d as f64
            }
            _ => 0.0,
        };
        let wan =
            |row: &mut RowView<'_>, field: &str| row.read(field, values::money_fen).map(format_wan).unwrap_or_default();
        let count = |row: &mut RowView<'_>, field: &str| row.read(field, values::count).unwrap_or(0);
        let input = ServiceRecordInput {
            expert_id: expert_id.clone(),
            enterprise_id: enterprise_id.clone(),
            need_id: None,
            start_date: start.map(|d| d.to_string()),
            end_date: end.map(|d| d.to_string()),
            service_days,
            service_type: row.read("serviceType", values::service_type),
            content: row.text("content").unwrap_or_default(),
            outcome_summary: row.text("outcomeSummary"),
            outcomes: OutcomesInput {
                contract_amount: wan(row, "contractAmount"),
                investment: wan(row, "investment"),
                policy_funds: wan(row, "policyFunds"),
                cost_saved: wan(row, "costSaved"),
                output_value: wan(row, "outputValue"),
                profit_tax: wan(row, "profitTax"),
                patents: count(row, "patents"),
                new_products: count(row, "newProducts"),
                new_technologies: count(row, "newTechnologies"),
                people_trained: count(row, "peopleTrained"),
                needs_solved: count(row, "needsSolved"),
            },
            evaluation: self.evaluation(row, end),
        };
        if !row.errors.is_empty() {
            return Ok(Decision::Reject);
        }
        if let Err(e) = service_records::check_new(conn, &input, self.today) {
            return reject(row, e, service_field);
        }
        let key = format!(
            "{}|{}|{}|{}|{:?}|{}",
            input.expert_id.as_deref().unwrap_or(""),
            input.enterprise_id.as_deref().unwrap_or(""),
            input.start_date.as_deref().unwrap_or(""),
            input.end_date.as_deref().unwrap_or(""),
            input.service_type,
            clean_text(&input.content)
        );
        if let Some(d) = earlier(&mut self.in_file, row, key) {
            return Ok(d);
        }
        if let Some(existing_id) = stored_service(conn, &input)? {
            return Ok(Decision::Duplicate {
                existing_id: Some(existing_id),
                reason: "已有同一专员、同一企业、同样起止日期和内容的服务记录".to_owned(),
                reason_en: "A service record with the same expert, enterprise, dates and content is on file".to_owned(),
            });
        }
        Ok(Decision::Add(Action::Service(Box::new(input))))
    }

    /// The 服务对象评价 of a row (满意度, 评价人, 评价日期, 评价意见). A satisfaction without a 评价日期 is taken as given
    /// on the service's last day (today when that is later), with a warning: sheets of last year often have the
    /// 满意度 column only.
    fn evaluation(&self, row: &mut RowView<'_>, end: Option<NaiveDate>) -> Evaluation {
        let satisfaction = row.read("satisfaction", values::satisfaction);
        let mut evaluated_on = row.read("evaluatedOn", values::day);
        if satisfaction.is_some() && evaluated_on.is_none() && values::text(row.cell("evaluatedOn")).is_none() {
            evaluated_on = end.map(|e| e.min(self.today));
            if let Some(day) = evaluated_on {
                row.warn(
                    Some("evaluatedOn"),
                    format!("未填评价日期，按 {day} 导入"),
                    format!("No evaluation date given; imported as {day}"),
                );
            }
        }
        Evaluation {
            satisfaction,
            evaluator: row.text("evaluator"),
            evaluated_on: evaluated_on.map(|d| d.to_string()),
            evaluation_opinion: row.text("evaluationOpinion"),
        }
    }
}

/// A duplicate of an earlier row of the file, if `in_file` has seen the key (and notes the row when it has not).
pub(crate) fn earlier(in_file: &mut HashMap<String, u32>, row: &RowView<'_>, key: String) -> Option<Decision> {
    let first = *in_file.entry(key).or_insert(row.row);
    (first != row.row).then(|| Decision::Duplicate {
        existing_id: None,
        reason: format!("与第 {first} 行重复"),
        reason_en: format!("The same as row {first}"),
    })
}

impl StoredEnterprises {
    pub(crate) fn load(conn: &Connection) -> Result<Self> {
        let mut by_code = HashMap::new();
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        let mut name_keys = HashMap::new();
        let mut stmt =
            conn.prepare("SELECT id, name, credit_code, name_key FROM enterprises WHERE deleted_at IS NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, name, code, key): (String, String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            by_code.insert(code, (id.clone(), name.clone()));
            by_name.entry(name.clone()).or_default().push(id);
            name_keys.insert(key, name);
        }
        Ok(Self { by_code, by_name, name_keys })
    }

    /// The enterprise a row names: by credit code when it gives one, else by its exact name; a name or code that
    /// matches none (or several) is an error on its cell, never a guess.
    pub(crate) fn find(&self, row: &mut RowView<'_>) -> Option<String> {
        if let Some(code) = values::credit_code(row.cell("creditCode")) {
            return self.coded(row, "creditCode", &code);
        }
        let name = clean_text(&row.text("enterprise")?);
        self.named(row, "enterprise", &name)
    }

    /// The enterprise one item of a list names (an event's 参加企业): by credit code when the item is one (18 letters
    /// and digits), else by its exact name; an error on `field` when it matches none or several.
    pub(crate) fn find_item(&self, row: &mut RowView<'_>, field: &str, item: &str) -> Option<String> {
        let code = item.to_uppercase();
        if code.len() == 18
            && code.bytes().all(|b| b.is_ascii_alphanumeric())
            && code.bytes().any(|b| b.is_ascii_digit())
        {
            return self.coded(row, field, &code);
        }
        self.named(row, field, &clean_text(item))
    }

    fn coded(&self, row: &mut RowView<'_>, field: &str, code: &str) -> Option<String> {
        match self.by_code.get(code) {
            Some((id, _)) => Some(id.clone()),
            None => {
                row.error(
                    Some(field),
                    format!("没有统一社会信用代码为 {code} 的企业，请先导入或添加该企业"),
                    format!("No enterprise has the credit code {code}; import or add it first"),
                );
                None
            }
        }
    }

    fn named(&self, row: &mut RowView<'_>, field: &str, name: &str) -> Option<String> {
        match self.by_name.get(name).map(Vec::as_slice) {
            Some([id]) => Some(id.clone()),
            Some(ids) => {
                row.error(
                    Some(field),
                    format!("有 {} 家企业名为“{name}”，请在文件中加上统一社会信用代码", ids.len()),
                    format!("{} enterprises are named {name}; add the credit code to the file", ids.len()),
                );
                None
            }
            None => {
                let (zh, en) = match self.name_keys.get(&company_name_key(name)) {
                    Some(close) => (
                        format!("没有名为“{name}”的企业；名称相近的有“{close}”，请核对名称"),
                        format!("No enterprise is named {name}; {close} is close — check the name"),
                    ),
                    None => (
                        format!("没有名为“{name}”的企业，请先导入或添加该企业"),
                        format!("No enterprise is named {name}; import or add it first"),
                    ),
                };
                row.error(Some(field), zh, en);
                None
            }
        }
    }
}

impl Rules {
    /// The expert a row names in `field`: by name, and by phone when the name is not unique.
    pub(crate) fn expert(&self, row: &mut RowView<'_>, field: &str, name: &str, phone: Option<&str>) -> Option<String> {
        let name = clean_person_name(name);
        let all = self.experts.get(&name).map(Vec::as_slice).unwrap_or_default();
        let matching: Vec<&(String, Option<String>)> = match phone {
            Some(p) => all.iter().filter(|(_, ph)| ph.as_deref() == Some(p)).collect(),
            None => all.iter().collect(),
        };
        match matching.as_slice() {
            [(id, _)] => Some(id.clone()),
            [] if all.is_empty() => {
                row.error(
                    Some(field),
                    format!("没有名为“{name}”的专员，请先导入花名册或添加该专员"),
                    format!("No expert is named {name}; import the roster or add them first"),
                );
                None
            }
            [] => {
                row.error(
                    Some(field),
                    format!("专员“{name}”的电话与文件中的不符"),
                    format!("The expert {name} on file has a different phone"),
                );
                None
            }
            many => {
                row.error(
                    Some(field),
                    format!("有 {} 位专员名为“{name}”，请在文件中加上专员电话", many.len()),
                    format!("{} experts are named {name}; add the expert's phone to the file", many.len()),
                );
                None
            }
        }
    }
}

/// The row rejected with the errors of the core's checks (on their columns).
pub(crate) fn reject(row: &mut RowView<'_>, e: CoreError, to_field: fn(&str) -> &str) -> Result<Decision> {
    row.accept(Err::<(), _>(e), to_field).map(|_| Decision::Reject)
}

fn visit_field(form_field: &str) -> &str {
    match form_field {
        "enterpriseId" => "enterprise",
        "expertIds" => "experts",
        other => other,
    }
}

fn service_field(form_field: &str) -> &str {
    match form_field {
        "expertId" => "expert",
        "enterpriseId" => "enterprise",
        other => other,
    }
}

/// A stored visit on the same day to the same enterprise with the same experts.
fn stored_visit(conn: &Connection, input: &VisitInput, sorted_experts: &[String]) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, group_concat(ve.expert_id) FROM visits v JOIN visit_experts ve ON ve.visit_id = v.id
         WHERE v.enterprise_id = ?1 AND v.visit_date = ?2 AND v.deleted_at IS NULL GROUP BY v.id",
    )?;
    let mut rows = stmt.query(params![input.enterprise_id, input.visit_date])?;
    let wanted: HashSet<&str> = sorted_experts.iter().map(String::as_str).collect();
    while let Some(r) = rows.next()? {
        let ids: String = r.get(1)?;
        if ids.split(',').collect::<HashSet<_>>() == wanted {
            return Ok(Some(r.get(0)?));
        }
    }
    Ok(None)
}

/// A stored service record with the same expert, enterprise, dates, type and content.
fn stored_service(conn: &Connection, input: &ServiceRecordInput) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, content FROM service_records
         WHERE expert_id = ?1 AND enterprise_id = ?2 AND start_date = ?3 AND end_date = ?4 AND service_type = ?5
           AND deleted_at IS NULL",
    )?;
    let mut rows = stmt.query(params![
        input.expert_id,
        input.enterprise_id,
        input.start_date,
        input.end_date,
        input.service_type
    ])?;
    let content = clean_text(&input.content);
    while let Some(r) = rows.next()? {
        if clean_text(&r.get::<_, String>(1)?) == content {
            return Ok(Some(r.get(0)?));
        }
    }
    Ok(None)
}

/// Writes a new visit; imported records arrive 待审核 (`fieldwork::review`).
pub(crate) fn write_visit(conn: &Connection, w: &mut Written, input: &VisitInput) -> Result<()> {
    let id = visits::insert_new(conn, input, w.today, &w.actor.now(), ReviewStatus::Pending)?;
    w.created(Entity::Visit, &id, 1);
    Ok(())
}

/// Writes a new service record; imported records arrive 待审核 (`fieldwork::review`).
pub(crate) fn write_service(conn: &Connection, w: &mut Written, input: &ServiceRecordInput) -> Result<()> {
    let id = service_records::insert_new(conn, input, w.today, &w.actor.now(), ReviewStatus::Pending)?;
    w.created(Entity::ServiceRecord, &id, 1);
    Ok(())
}
