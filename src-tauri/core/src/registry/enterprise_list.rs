//! The enterprise list (服务企业 list page) and its planner: of the ways to read a page — walk a sort index, seek the
//! filter index, go group by group of `enterprise_counts`, the trigram search, or a plain scan — the one that reads
//! the fewest rows for the filters and sort asked, with the total from the counts table where it can.

use rusqlite::{Connection, ToSql};

use crate::error::Result;
use crate::exchange::provenance;
use crate::model::{clamp_page, EnterpriseQuery, EnterpriseRow, EnterpriseSortKey, Page, SortOrder};
use crate::normalize::clean_optional;
use crate::storage::db;
use crate::storage::search;

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
    let mut items = db::read_rows(&mut stmt, arg_refs.as_slice(), |r| {
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
            origins: Vec::new(),
        })
    })?;
    if plan.flipped {
        items.reverse();
    }
    provenance::fill_origins(conn, "enterprises", &mut items, |x| &x.id, |x, o| x.origins = o)?;
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
    // 来源: `enterprise_counts` does not know origins, so a list of some origins is read as a LIKE search is.
    let by_origin = provenance::list_filter(conn, q.origins.as_deref(), "enterprises", "en.id", &mut args)?;
    let scoped = by_origin.is_some();
    conditions.extend(by_origin);
    let filter = conditions.join(" AND ");
    let count_sql = |access: Access| {
        let (table, extra) = from_clause(access, &f);
        format!("SELECT COUNT(*) FROM {table} WHERE {filter}{extra}")
    };
    let like = text.as_deref().is_some_and(search::uses_like);

    let (access, total, skip, limit, flipped) = if scoped || force.map_or(like, |a| a == Access::Scan) {
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

#[cfg(test)]
mod tests {
    //! Every way of reading a page gives the same rows and total as a plain filter-and-sort in Rust, on a fixture with
    //! NULLs, equal sort keys, deleted, purged, restored and edited rows.

    use rusqlite::params;

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
        crate::storage::migrations::migrate(&mut conn).unwrap();
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
