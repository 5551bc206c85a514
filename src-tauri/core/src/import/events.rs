//! Importing a 活动台账: each row is one event with the enterprises that took part (several in one cell, each by
//! credit code or exact name — one not on file is an error on its cell, never created) and its experts (by name, or
//! name and phone when two share a name, as a visit's). The row is then checked by the event form's own rules; the
//! same 活动名称 on the same day as a stored event or an earlier row is a duplicate.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::cell::Cell;
use super::plan::{Action, Decision};
use super::records::{self, earlier, reject};
use super::row::RowView;
use super::values;
use super::write::Written;
use crate::error::Result;
use crate::fieldwork::events;
use crate::model::{Entity, EventInput, ImportKind};
use crate::normalize::clean_text;

/// The rules of an events file: the stored enterprises and experts a row may name (those of a visit).
pub(crate) struct Rules {
    today: NaiveDate,
    names: records::Rules,
    in_file: HashMap<String, u32>,
}

impl Rules {
    pub(crate) fn load(conn: &Connection, today: NaiveDate) -> Result<Self> {
        Ok(Self { today, names: records::Rules::load(conn, ImportKind::Visits, today)?, in_file: HashMap::new() })
    }

    pub(crate) fn judge(&mut self, conn: &Connection, row: &mut RowView<'_>) -> Result<Decision> {
        let event_type = row.read("eventType", values::event_type);
        let event_date = row.read("eventDate", values::day);
        let mut enterprise_ids = Vec::new();
        for item in values::list(row.cell("enterprises")) {
            if let Some(id) = self.names.enterprises.find_item(row, "enterprises", &item) {
                enterprise_ids.push(id);
            }
        }
        let mut expert_ids = Vec::new();
        for item in values::list(row.cell("experts")) {
            let (name, phone) = name_and_phone(row, &item);
            if let Some(id) = self.names.expert(row, "experts", &name, phone.as_deref()) {
                expert_ids.push(id);
            }
        }
        let attendance = row.read("attendance", values::count).map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        let input = EventInput {
            event_type,
            title: row.text("title").unwrap_or_default(),
            event_date: event_date.map(|d| d.to_string()).unwrap_or_default(),
            place: row.text("place"),
            attendance,
            enterprise_ids,
            expert_ids,
            content: values::long_text(row.cell("content")),
            notes: values::long_text(row.cell("notes")),
        };
        if !row.errors.is_empty() {
            return Ok(Decision::Reject);
        }
        if let Err(e) = events::check_new(conn, &input, self.today) {
            return reject(row, e, event_field);
        }
        let title = clean_text(&input.title);
        if let Some(d) = earlier(&mut self.in_file, row, format!("{}|{title}", input.event_date)) {
            return Ok(d);
        }
        let stored: Option<String> = conn
            .prepare_cached("SELECT id FROM events WHERE event_date = ?1 AND title = ?2 AND deleted_at IS NULL")?
            .query_row(params![input.event_date, title], |r| r.get(0))
            .optional()?;
        if let Some(existing_id) = stored {
            return Ok(Decision::Duplicate {
                existing_id: Some(existing_id),
                reason: "已有同一天、同名的活动".to_owned(),
                reason_en: "An event with this title on the same day is on file".to_owned(),
            });
        }
        Ok(Decision::Add(Action::Event(Box::new(input))))
    }
}

/// An expert of the 参加专员 cell: a name, or a name followed by a phone (`张伟13800138000`, `张伟（13800138000）`)
/// for two experts of the same name. A phone that cannot be read is an error on the cell.
fn name_and_phone(row: &mut RowView<'_>, item: &str) -> (String, Option<String>) {
    let Some(at) = item.find(|c: char| c.is_ascii_digit()) else { return (item.to_owned(), None) };
    let name = item[..at].trim_end_matches(|c: char| c.is_whitespace() || "(（:：".contains(c)).to_owned();
    let phone = item[at..].trim_end_matches(|c: char| c.is_whitespace() || ")）".contains(c));
    match values::phone(&Cell::Text(phone.to_owned())) {
        Ok(phone) => (name, phone),
        Err(e) => {
            row.error(Some("experts"), e.zh, e.en);
            (name, None)
        }
    }
}

/// The import field a validation error of the event form belongs to.
fn event_field(form_field: &str) -> &str {
    match form_field {
        "enterpriseIds" => "enterprises",
        "expertIds" => "experts",
        other => other,
    }
}

/// Writes a new event with its enterprises and experts.
pub(crate) fn write_new(conn: &Connection, w: &mut Written, input: &EventInput) -> Result<()> {
    let id = events::insert_new(conn, input, w.today, &w.actor.now())?;
    w.created(Entity::Event, &id, 1);
    Ok(())
}
