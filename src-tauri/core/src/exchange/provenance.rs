//! 来源 (provenance) where records of several origins meet: which origins a record is of, the records of chosen
//! origins (one filter every list and report query takes), and the ledger's origins ([`Ledger::list_origins`]).
//!
//! A record is of **this ledger itself** when its coordinator typed it: no merge made it (no `merged_records` row
//! of it with `matched = 0`). It is of **an origin** when that origin's package brought it (`matched = 0`) or a
//! record of that origin was matched to it (`matched = 1`: the same credit code, ID number, name). An enterprise
//! typed here and matched by origin A's is of both; one made by A's package and matched by B's is of A and B.
//!
//! The filter is a condition on a record's id column: `NOT EXISTS` a creating `merged_records` row (this ledger), or
//! `EXISTS` a row of a chosen origin. Both seek the index `merged_records_local` (entity, id, origin_id) once per
//! record tested — named, since SQLite would otherwise take the primary key's (entity) prefix and read a kind's whole
//! provenance for every row; and a per-record seek costs only the records the query reads (a page walked in order, a
//! quarter's service records), where an `IN (…)` list of an origin's ids is built whole every time. A query without origins (or with every origin chosen) gets no condition at all, so the
//! unfiltered lists cost what they did. The origins of a page of rows are one indexed query for the whole page.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, ToSql};

use crate::error::Result;
use crate::exchange::identity::ledger_id;
use crate::model::OriginSummary;
use crate::reporting::report_filter::Condition;
use crate::reporting::settings::{report_settings, REPORTING_UNIT_KEY};
use crate::Ledger;

/// The name of this ledger as 来源 when 设置 has no 填报单位.
pub const OWN_NAME: &str = "本台账";

/// The kinds of record the lists show with their 来源 (the `entity` names of `merged_records`).
pub const LISTED_KINDS: [&str; 5] = ["experts", "enterprises", "visits", "needs", "service_records"];

/// The origins a query keeps, resolved against this ledger's own id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OriginScope {
    /// This ledger's own records are kept.
    pub own: bool,
    /// The merged origins whose records are kept (their ids).
    pub others: Vec<String>,
}

impl OriginScope {
    /// The scope of the chosen origin ids: `None` (no condition) when none is chosen or every origin is; ids that
    /// are neither this ledger's nor a merged origin's are ignored (a scope of only those keeps nothing).
    pub fn resolve(conn: &Connection, chosen: Option<&[String]>) -> Result<Option<OriginScope>> {
        let Some(chosen) = chosen.filter(|c| !c.is_empty()) else { return Ok(None) };
        let own_id = own_origin_id(conn)?;
        let known = merged_origin_ids(conn)?;
        let own = chosen.contains(&own_id);
        let others: Vec<String> = known.iter().filter(|id| chosen.contains(id)).cloned().collect();
        if own && others.len() == known.len() {
            return Ok(None);
        }
        Ok(Some(OriginScope { own, others }))
    }

    /// The SQL test that the record of kind `entity` whose id is in `column` is of this scope; `placeholder`
    /// takes each value in order and gives the text that stands for it. `entity` and `column` are the caller's
    /// constants, never user input.
    fn sql(&self, entity: &str, column: &str, placeholder: &mut dyn FnMut(String) -> String) -> String {
        let mut parts = Vec::new();
        if self.own {
            parts.push(format!(
                "NOT EXISTS (SELECT 1 FROM merged_records prov_m INDEXED BY merged_records_local
                 WHERE prov_m.entity = '{entity}' AND prov_m.id = {column} AND prov_m.matched = 0)"
            ));
        }
        if !self.others.is_empty() {
            let ids: Vec<String> = self.others.iter().map(|id| placeholder(id.clone())).collect();
            parts.push(format!(
                "EXISTS (SELECT 1 FROM merged_records prov_o INDEXED BY merged_records_local
                 WHERE prov_o.entity = '{entity}' AND prov_o.id = {column} AND prov_o.origin_id IN ({}))",
                ids.join(", ")
            ));
        }
        if parts.is_empty() {
            return "0".to_owned();
        }
        parts.join(" OR ")
    }

    /// The 来源 names of the scope: this ledger's first, then the origins' by name.
    pub fn names(&self, conn: &Connection) -> Result<Vec<String>> {
        let mut names = Vec::new();
        if self.own {
            names.push(own_name(conn)?);
        }
        let mut stmt = conn.prepare_cached("SELECT name FROM origins WHERE id = ?1")?;
        for id in &self.others {
            let name: String = stmt.query_row([id], |r| r.get(0))?;
            names.push(origin_name(name, id));
        }
        Ok(names)
    }

    /// The test as a [`Condition`] (anonymous `?` placeholders), for the report queries.
    pub fn condition(&self, entity: &str, column: &str) -> Condition {
        let mut params = Vec::new();
        let sql = self.sql(entity, column, &mut |id| {
            params.push(Value::Text(id));
            "?".to_owned()
        });
        Condition::new(sql, params)
    }

    /// The test with numbered placeholders continuing `args` (the lists' style); the values are pushed onto it.
    pub fn numbered(&self, entity: &str, column: &str, args: &mut Vec<Box<dyn ToSql>>) -> String {
        self.sql(entity, column, &mut |id| {
            args.push(Box::new(id));
            format!("?{}", args.len())
        })
    }
}

/// The list filter of a query's `origins`: the SQL with numbered placeholders continuing `args`, or `None` when
/// the query keeps every origin.
pub fn list_filter(
    conn: &Connection,
    origins: Option<&[String]>,
    entity: &str,
    column: &str,
    args: &mut Vec<Box<dyn ToSql>>,
) -> Result<Option<String>> {
    Ok(OriginScope::resolve(conn, origins)?.map(|scope| scope.numbered(entity, column, args)))
}

/// The ids of the merged origins, by name.
fn merged_origin_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM origins ORDER BY name, id")?;
    let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// The name this ledger shows as 来源: its 填报单位, or 本台账.
pub fn own_name(conn: &Connection) -> Result<String> {
    let unit = report_settings(conn)?.reporting_unit;
    Ok(if unit.trim().is_empty() { OWN_NAME.to_owned() } else { unit })
}

/// The name an origin shows as 来源: its 填报单位, or its id's first characters when it had none.
fn origin_name(name: String, id: &str) -> String {
    if name.trim().is_empty() {
        format!("来源 {}", id.get(..8).unwrap_or(id))
    } else {
        name
    }
}

/// Whether the ledger holds records of more than itself (a package was merged).
pub fn has_merged_origins(conn: &Connection) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM origins)")?.query_row([], |r| r.get(0))?)
}

/// The 来源 names of each record of kind `entity` (ids in order): this ledger's own name first when it typed the
/// record, then the origins that sent it, by name. One indexed query for all the ids.
pub fn origins_of(conn: &Connection, entity: &str, ids: &[&str]) -> Result<Vec<Vec<String>>> {
    let own = own_name(conn)?;
    if ids.is_empty() || !has_merged_origins(conn)? {
        return Ok(vec![vec![own]; ids.len()]);
    }
    let list = serde_json::to_string(ids).expect("ids serialise");
    let mut stmt = conn.prepare_cached(
        // The page's ids drive the query (CROSS JOIN keeps them outermost): one seek of `merged_records_local` per
        // id, never a walk of the kind's whole provenance.
        "SELECT m.id, m.matched, o.id, o.name
         FROM json_each(?2) page CROSS JOIN merged_records m INDEXED BY merged_records_local
             ON m.entity = ?1 AND m.id = page.value
         JOIN origins o ON o.id = m.origin_id",
    )?;
    // Per local id: made by a merge, and the origins' names.
    let mut found: HashMap<String, (bool, Vec<String>)> = HashMap::new();
    let mut rows = stmt.query(rusqlite::params![entity, list])?;
    while let Some(r) = rows.next()? {
        let entry = found.entry(r.get(0)?).or_default();
        entry.0 |= !r.get::<_, bool>(1)?;
        let id: String = r.get(2)?;
        entry.1.push(origin_name(r.get(3)?, &id));
    }
    Ok(ids
        .iter()
        .map(|id| match found.remove(*id) {
            None => vec![own.clone()],
            Some((made, mut names)) => {
                names.sort();
                names.dedup();
                if !made {
                    names.insert(0, own.clone());
                }
                names
            }
        })
        .collect())
}

/// The 来源 names of the record of kind `entity` whose id is in `column`, joined with 、 in the order of
/// [`origins_of`], as one SQL expression without placeholders (for the exports, which stream their rows from one
/// statement). `entity` and `column` are the caller's constants.
pub fn names_sql(entity: &str, column: &str) -> String {
    format!(
        "(SELECT group_concat(name, '、') FROM (
             SELECT 0 AS k, coalesce(nullif(trim((SELECT value FROM settings WHERE key = '{unit}')), ''), '{OWN_NAME}')
                 AS name
             WHERE NOT EXISTS (SELECT 1 FROM merged_records prov_m INDEXED BY merged_records_local
                 WHERE prov_m.entity = '{entity}' AND prov_m.id = {column} AND prov_m.matched = 0)
             UNION
             SELECT 1, CASE WHEN trim(o.name) = '' THEN '来源 ' || substr(o.id, 1, 8) ELSE o.name END
             FROM merged_records prov_m INDEXED BY merged_records_local JOIN origins o ON o.id = prov_m.origin_id
             WHERE prov_m.entity = '{entity}' AND prov_m.id = {column}
             ORDER BY 1, 2))",
        unit = REPORTING_UNIT_KEY
    )
}

/// Sets the 来源 of every row of a page: `id` gives a row's record id, `set` stores its origins' names.
pub fn fill_origins<T>(
    conn: &Connection,
    entity: &str,
    rows: &mut [T],
    id: impl Fn(&T) -> &str,
    set: impl Fn(&mut T, Vec<String>),
) -> Result<()> {
    let ids: Vec<&str> = rows.iter().map(&id).collect();
    let names = origins_of(conn, entity, &ids)?;
    for (row, names) in rows.iter_mut().zip(names) {
        set(row, names);
    }
    Ok(())
}

/// The ledger's origins: itself first, then the merged origins by name, each with its record count.
pub fn list_origins(conn: &Connection, own_id: &str) -> Result<Vec<OriginSummary>> {
    let kinds = LISTED_KINDS.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", ");
    let mut all: u32 = 0;
    for kind in LISTED_KINDS {
        all += conn.query_row(&format!("SELECT COUNT(*) FROM {kind}"), [], |r| r.get::<_, u32>(0))?;
    }
    let made: u32 = conn.query_row(
        &format!("SELECT COUNT(*) FROM merged_records WHERE matched = 0 AND entity IN ({kinds})"),
        [],
        |r| r.get(0),
    )?;
    let settings = report_settings(conn)?;
    let mut out = vec![OriginSummary {
        id: own_id.to_owned(),
        name: own_name(conn)?,
        reporter: settings.reporter,
        own: true,
        records: all.saturating_sub(made),
        last_merged_at: None,
    }];
    let mut stmt = conn.prepare(&format!(
        "SELECT o.id, o.name, o.reporter, o.last_merged_at,
             (SELECT COUNT(*) FROM merged_records m WHERE m.origin_id = o.id AND m.entity IN ({kinds}))
         FROM origins o ORDER BY o.name, o.id"
    ))?;
    let merged = stmt.query_map([], |r| {
        let id: String = r.get(0)?;
        Ok(OriginSummary {
            name: origin_name(r.get(1)?, &id),
            id,
            reporter: r.get(2)?,
            own: false,
            records: r.get(4)?,
            last_merged_at: r.get(3)?,
        })
    })?;
    for origin in merged {
        out.push(origin?);
    }
    Ok(out)
}

/// This ledger's id as an origin: empty before its first merge (which makes the id), when it is the only origin.
pub fn own_origin_id(conn: &Connection) -> Result<String> {
    Ok(ledger_id(conn)?.unwrap_or_default())
}

impl Ledger {
    /// The ledger's origins (来源): itself first, then every ledger whose packages were merged here, by name. More
    /// than one means the lists show their 来源 filter and column. Reads only.
    pub fn list_origins(&self) -> Result<Vec<OriginSummary>> {
        self.db.read(|c| list_origins(c, &own_origin_id(c)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(own: bool, others: &[&str]) -> OriginScope {
        OriginScope { own, others: others.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn the_conditions_name_each_origin_once() {
        let c = scope(true, &["a", "b"]).condition("experts", "e.id");
        assert!(c.sql().contains("NOT EXISTS") && c.sql().contains("origin_id IN (?, ?)"));
        assert_eq!(c.params(), &[Value::Text("a".into()), Value::Text("b".into())]);
        assert_eq!(scope(false, &[]).condition("experts", "e.id").sql(), "0");
        let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(1)];
        let sql = scope(false, &["a"]).numbered("visits", "v.id", &mut args);
        assert!(sql.contains("IN (?2)") && !sql.contains("NOT EXISTS"));
        assert_eq!(args.len(), 2);
    }

    #[test]
    fn a_ledger_without_merges_is_its_own_only_origin() {
        let ledger = Ledger::open_in_memory().unwrap();
        let origins = ledger.list_origins().unwrap();
        assert_eq!(origins.len(), 1);
        assert!(origins[0].own);
        assert_eq!(origins[0].name, OWN_NAME);
        assert_eq!(origins[0].id, "", "no id is made by reading: the first merge makes it");
        assert_eq!(ledger.db.read(ledger_id).unwrap(), None);
        let names = ledger.db.read(|c| origins_of(c, "experts", &["x", "y"])).unwrap();
        assert_eq!(names, vec![vec![OWN_NAME.to_owned()]; 2]);
        // Choosing this ledger alone is choosing every origin: no condition.
        let chosen = vec![origins[0].id.clone()];
        assert_eq!(ledger.db.read(|c| OriginScope::resolve(c, Some(&chosen))).unwrap(), None);
        assert_eq!(ledger.db.read(|c| OriginScope::resolve(c, Some(&[]))).unwrap(), None);
        let unknown = vec!["nobody".to_owned()];
        assert_eq!(ledger.db.read(|c| OriginScope::resolve(c, Some(&unknown))).unwrap(), Some(scope(false, &[])));
    }
}
