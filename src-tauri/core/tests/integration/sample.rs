//! The sample-data generator: sizes, validity of every generated value, consistency between tables, determinism
//! and refusal of a non-empty database. Small scale only; the large timing run is `#[ignore]`d.

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::NaiveDate;
use ledger_core::sample::{as_of_day, generate, SampleSummary, Scale, FIXED_AS_OF};
use ledger_core::storage::db::Database;
use ledger_core::storage::integrity;
use ledger_core::validate::credit_code::{check_credit_code, CreditCodeCheck};
use ledger_core::validate::email::normalize_email;
use ledger_core::validate::id_card::normalize_id_card;
use ledger_core::validate::phone::normalize_phone;
use ledger_core::CoreError;
use rusqlite::types::Value;
use rusqlite::Connection;

const SEED: u64 = 20_251_231;

/// One small sample shared by the read-only tests.
fn small() -> &'static (Database, SampleSummary) {
    static SMALL: OnceLock<(Database, SampleSummary)> = OnceLock::new();
    SMALL.get_or_init(|| {
        let db = Database::open_in_memory().unwrap();
        let summary = generate(&db, SEED, Scale::Small, FIXED_AS_OF).unwrap();
        (db, summary)
    })
}

fn with_small<T>(f: impl FnOnce(&Connection) -> T) -> T {
    small().0.read(|c| Ok(f(c))).unwrap()
}

fn strings(c: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = c.prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every row of every table, in a fixed order, as text.
fn dump(db: &Database) -> Vec<String> {
    db.read(|c| {
        // Virtual (FTS) tables only show their source table's text; their stored data is in their shadow tables.
        let tables = strings(
            c,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
        );
        let mut out = Vec::new();
        for table in tables {
            let mut stmt = c.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))?;
            let columns = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let values: Vec<String> =
                    (0..columns).map(|i| format!("{:?}", row.get::<_, Value>(i).unwrap())).collect();
                out.push(format!("{table}|{}", values.join("|")));
            }
        }
        Ok(out)
    })
    .unwrap()
}

#[test]
fn scale_names_parse() {
    assert_eq!(Scale::parse("small"), Some(Scale::Small));
    assert_eq!(Scale::parse("large"), Some(Scale::Large));
    assert_eq!(Scale::parse("huge"), None);
}

#[test]
fn small_sample_has_the_expected_sizes_and_passes_the_integrity_check() {
    let (db, s) = small();
    assert!((30..=60).contains(&s.organizations), "{s:?}");
    assert_eq!(s.batches, 6);
    assert_eq!(s.experts, 50);
    assert_eq!(s.enterprises, 300);
    assert!((300..=600).contains(&s.contacts), "{s:?}");
    assert!((50..=250).contains(&s.assignments), "{s:?}");
    assert_eq!(s.visits, 600);
    assert!((600..=1800).contains(&s.visit_experts), "{s:?}");
    assert_eq!(s.needs, 200);
    assert!(s.need_stage_events > s.needs && s.need_matches > 0, "{s:?}");
    assert_eq!(s.service_records, 3_000);

    db.read(|c| {
        let report = integrity::check(c)?;
        assert!(report.ok, "{:?}", report.problems);
        let counted: Vec<(&str, u64)> = vec![
            ("organizations", s.organizations),
            ("batches", s.batches),
            ("experts", s.experts),
            ("enterprises", s.enterprises),
            ("enterprise_contacts", s.contacts),
            ("assignments", s.assignments),
            ("visits", s.visits),
            ("visit_experts", s.visit_experts),
            ("needs", s.needs),
            ("need_stage_events", s.need_stage_events),
            ("need_matches", s.need_matches),
            ("service_records", s.service_records),
        ];
        for (table, n) in counted {
            assert_eq!(count(c, &format!("SELECT COUNT(*) FROM {table}")) as u64, n, "{table}");
        }
        assert_eq!(count(c, "SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND entity = 'sample'"), 1);
        Ok(())
    })
    .unwrap();
}

#[test]
fn enterprises_have_valid_unique_credit_codes_and_names() {
    with_small(|c| {
        let codes = strings(c, "SELECT credit_code FROM enterprises");
        for code in &codes {
            assert_eq!(check_credit_code(code), Ok(CreditCodeCheck::Valid(code.clone())));
            assert!(code.starts_with("91"), "{code}");
        }
        assert_eq!(codes.iter().collect::<HashSet<_>>().len(), codes.len(), "credit codes are unique");
        let names = strings(c, "SELECT name FROM enterprises");
        assert_eq!(names.iter().collect::<HashSet<_>>().len(), names.len(), "names are unique");
        assert!(names.iter().all(|n| n.ends_with("有限公司")));
        assert_eq!(count(c, "SELECT COUNT(*) FROM enterprises WHERE substr(credit_code, 3, 6) <> region_code"), 0);
        assert!(count(c, "SELECT COUNT(*) FROM enterprises WHERE industry = 'C'") * 2 > 300, "mostly manufacturing");
        // Exactly one primary contact per enterprise.
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM enterprises e WHERE (SELECT COUNT(*) FROM enterprise_contacts k WHERE k.enterprise_id = e.id AND k.is_primary = 1) <> 1"),
            0
        );
    });
}

#[test]
fn phones_emails_and_id_cards_are_valid() {
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    with_small(|c| {
        let expert_phones = strings(c, "SELECT phone FROM experts");
        assert_eq!(expert_phones.len(), 50, "every expert has a phone");
        assert_eq!(expert_phones.iter().collect::<HashSet<_>>().len(), 50, "expert phones are unique");
        let all_phones = strings(
            c,
            "SELECT phone FROM experts UNION ALL SELECT phone FROM enterprise_contacts WHERE phone IS NOT NULL",
        );
        for phone in &all_phones {
            assert_eq!(normalize_phone(phone).as_deref(), Ok(phone.as_str()));
        }
        for email in strings(c, "SELECT email FROM experts WHERE email IS NOT NULL UNION ALL SELECT email FROM enterprise_contacts WHERE email IS NOT NULL") {
            assert_eq!(normalize_email(&email).as_deref(), Ok(email.as_str()));
        }
        let mut stmt = c.prepare("SELECT id_card, birth_month, gender FROM experts WHERE id_card IS NOT NULL").unwrap();
        let cards: Vec<(String, String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
        assert!((3..=30).contains(&cards.len()), "about 30% of experts have an ID number: {}", cards.len());
        for (card, birth_month, gender) in cards {
            assert_eq!(normalize_id_card(&card, today).as_deref(), Ok(card.as_str()));
            assert_eq!(format!("{}-{}", &card[6..10], &card[10..12]), birth_month);
            let male = (card.as_bytes()[16] - b'0') % 2 == 1;
            assert_eq!(male, gender == "male", "{card}");
        }
        assert_eq!(count(c, "SELECT COUNT(*) FROM experts WHERE birth_month NOT BETWEEN '1960-01' AND '1995-12'"), 0);
        assert_eq!(
            count(
                c,
                "SELECT COUNT(*) FROM experts WHERE json_valid(specialties) = 0 OR json_array_length(specialties) < 2"
            ),
            0
        );
    });
}

#[test]
fn needs_reach_every_stage_with_a_consistent_history() {
    with_small(|c| {
        let stages = strings(c, "SELECT DISTINCT stage FROM needs ORDER BY stage");
        assert_eq!(stages, ["discovered", "matched", "merged", "refined", "shelved", "solved", "solving"]);
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM needs n JOIN needs t ON t.id = n.merged_into_id WHERE t.stage = 'merged'"),
            0,
            "merged needs point at a need that is not merged"
        );
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM needs n JOIN needs t ON t.id = n.merged_into_id WHERE t.enterprise_id <> n.enterprise_id"),
            0
        );
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM needs n JOIN visits v ON v.id = n.visit_id WHERE v.enterprise_id <> n.enterprise_id OR n.source <> 'visit'"),
            0
        );

        let mut stmt = c
            .prepare(
                "SELECT n.id, n.stage, n.stage_changed_on, e.from_stage, e.to_stage, e.changed_on
                 FROM needs n JOIN need_stage_events e ON e.need_id = n.id ORDER BY n.id, e.id",
            )
            .unwrap();
        type Event = (String, String, String, Option<String>, String, String);
        let events: Vec<Event> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut needs_seen = 0;
        for chunk in events.chunk_by(|a, b| a.0 == b.0) {
            needs_seen += 1;
            let (_, stage, changed_on, first_from, first_to, _) = &chunk[0];
            assert_eq!((first_from.as_deref(), first_to.as_str()), (None, "discovered"));
            for pair in chunk.windows(2) {
                assert_eq!(pair[1].3.as_deref(), Some(pair[0].4.as_str()), "events chain");
                assert!(pair[1].5 >= pair[0].5, "dates ascend");
            }
            let last = chunk.last().unwrap();
            assert_eq!((&last.4, &last.5), (stage, changed_on), "the last event is the current stage");
        }
        assert_eq!(needs_seen, 200);

        assert_eq!(
            count(c, "SELECT COUNT(*) FROM needs n WHERE n.stage IN ('matched', 'solving', 'solved') AND NOT EXISTS (SELECT 1 FROM need_matches m WHERE m.need_id = n.id)"),
            0,
            "needs at matched and beyond have a matched expert"
        );
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM needs n WHERE n.stage IN ('discovered', 'refined') AND EXISTS (SELECT 1 FROM need_matches m WHERE m.need_id = n.id)"),
            0
        );
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM needs n WHERE (refined_problem IS NOT NULL) <> EXISTS (SELECT 1 FROM need_stage_events e WHERE e.need_id = n.id AND e.to_stage = 'refined')"),
            0,
            "refined statements exactly for needs that were refined"
        );
        assert_eq!(count(c, "SELECT COUNT(*) FROM needs WHERE budget_fen % 1000000 <> 0"), 0, "budgets in whole 万元");
    });
}

#[test]
fn service_records_are_consistent() {
    with_small(|c| {
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM service_records WHERE service_days <= 0 OR service_days > julianday(end_date) - julianday(start_date) + 1 OR service_days * 2 <> CAST(service_days * 2 AS INTEGER)"),
            0,
            "days are positive half days within the period"
        );
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM service_records r JOIN needs n ON n.id = r.need_id WHERE n.enterprise_id <> r.enterprise_id OR n.stage NOT IN ('solving', 'solved')"),
            0
        );
        assert!(count(c, "SELECT COUNT(*) FROM service_records WHERE need_id IS NOT NULL") > 0);
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM service_records WHERE needs_solved > 0"),
            count(c, "SELECT COUNT(*) FROM needs WHERE stage = 'solved'")
        );
        let with_money = count(c, "SELECT COUNT(*) FROM service_records WHERE contract_amount_fen + investment_fen + policy_funds_fen + cost_saved_fen + output_value_fen + profit_tax_fen > 0");
        assert!(with_money > 30 && with_money < 1500, "some records have money outcomes: {with_money}");
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM service_records WHERE contract_amount_fen % 100000 <> 0 OR policy_funds_fen % 100000 <> 0"),
            0
        );
        // Mostly the expert's own enterprises.
        let paired = count(c, "SELECT COUNT(*) FROM service_records r WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.expert_id = r.expert_id AND a.enterprise_id = r.enterprise_id)");
        assert!(paired * 2 > 3000, "{paired}");
    });
}

#[test]
fn a_share_of_service_records_is_evaluated_after_the_service_by_the_enterprises_contact() {
    with_small(|c| {
        let evaluated = count(c, "SELECT COUNT(*) FROM service_records WHERE satisfaction IS NOT NULL");
        assert!(evaluated > 1000 && evaluated < 1800, "about 45 % of 3,000: {evaluated}");
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM service_records WHERE (satisfaction IS NULL) <> (evaluated_on IS NULL) OR evaluated_on < end_date OR evaluated_on > '2025-12-31'"),
            0,
            "every evaluation is dated between the service's end and the sample's last day"
        );
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM service_records s WHERE evaluator IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enterprise_contacts k WHERE k.enterprise_id = s.enterprise_id AND k.name = s.evaluator)"),
            0,
            "the evaluator is a contact of the enterprise served"
        );
        // The last year has every answer, for the 年度考核's satisfaction item.
        assert_eq!(
            count(c, "SELECT COUNT(DISTINCT satisfaction) FROM service_records WHERE evaluated_on >= '2025-01-01'"),
            3
        );
    });
}

#[test]
fn assignments_and_visits_fit_the_experts() {
    with_small(|c| {
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM assignments a JOIN experts x ON x.id = a.expert_id WHERE a.start_date < x.service_start OR a.start_date > x.service_end OR a.end_date > x.service_end OR a.batch_id <> x.batch_id"),
            0
        );
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM (SELECT expert_id FROM assignments GROUP BY expert_id HAVING COUNT(*) > 5)"),
            0
        );
        assert_eq!(count(c, "SELECT COUNT(DISTINCT expert_id) FROM assignments"), 50);
        assert_eq!(count(c, "SELECT COUNT(*) FROM visits WHERE follow_up_date < visit_date"), 0);
        assert_eq!(count(c, "SELECT COUNT(*) FROM visits v WHERE NOT EXISTS (SELECT 1 FROM visit_experts p WHERE p.visit_id = v.id)"), 0);
        assert_eq!(
            count(c, "SELECT COUNT(*) FROM (SELECT visit_id FROM visit_experts GROUP BY visit_id HAVING COUNT(*) > 3)"),
            0
        );
        assert!(count(c, "SELECT COUNT(*) FROM experts WHERE status = 'active'") > 30, "mostly active");
    });
}

#[test]
fn ids_are_uuid_v7_and_dates_lie_in_the_sample_period() {
    with_small(|c| {
        let id_tables = [
            "organizations",
            "batches",
            "experts",
            "enterprises",
            "enterprise_contacts",
            "assignments",
            "visits",
            "needs",
            "need_stage_events",
            "need_matches",
            "service_records",
            "audit_log",
        ];
        let mut all = HashSet::new();
        for table in id_tables {
            for id in strings(c, &format!("SELECT id FROM {table}")) {
                let uuid = uuid::Uuid::parse_str(&id).unwrap_or_else(|e| panic!("{table} id {id}: {e}"));
                assert_eq!(uuid.get_version_num(), 7, "{id}");
                assert_eq!(uuid.hyphenated().to_string(), id, "lowercase hyphenated");
                assert!(all.insert(id));
            }
        }
        let dates = [
            ("batches", "start_date"),
            ("batches", "end_date"),
            ("experts", "service_start"),
            ("experts", "service_end"),
            ("assignments", "start_date"),
            ("assignments", "end_date"),
            ("visits", "visit_date"),
            ("visits", "follow_up_date"),
            ("needs", "stage_changed_on"),
            ("need_stage_events", "changed_on"),
            ("need_matches", "matched_on"),
            ("service_records", "start_date"),
            ("service_records", "end_date"),
        ];
        for (table, column) in dates {
            for d in strings(c, &format!("SELECT {column} FROM {table} WHERE {column} IS NOT NULL")) {
                let parsed = NaiveDate::parse_from_str(&d, "%Y-%m-%d").unwrap();
                assert_eq!(parsed.to_string(), d);
                assert!(("2023-01-01".."2026-01-01").contains(&d.as_str()), "{table}.{column} {d}");
            }
        }
        for table in &id_tables[..id_tables.len() - 1] {
            let sql = if *table == "need_stage_events" {
                format!("SELECT created_at || '|' || created_at FROM {table}")
            } else {
                format!("SELECT created_at || '|' || updated_at FROM {table}")
            };
            for pair in strings(c, &sql) {
                let (created, updated) = pair.split_once('|').unwrap();
                for stamp in [created, updated] {
                    let parsed = chrono::DateTime::parse_from_rfc3339(stamp).unwrap();
                    assert_eq!(parsed.to_rfc3339_opts(chrono::SecondsFormat::Millis, true), stamp);
                    assert!(("2023-01-01"..="2025-12-31T10:00:00.000Z").contains(&stamp), "{table} {stamp}");
                }
                assert!(created <= updated, "{table}: {created} > {updated}");
            }
        }
    });
}

#[test]
fn the_same_seed_gives_the_same_database_and_another_seed_does_not() {
    let generate_into = |seed| {
        let db = Database::open_in_memory().unwrap();
        generate(&db, seed, Scale::Small, FIXED_AS_OF).unwrap();
        dump(&db)
    };
    let first = dump(&small().0);
    let again = generate_into(SEED);
    assert_eq!(first.len(), again.len());
    assert!(first == again, "same seed, same content");
    let other = generate_into(SEED + 1);
    let differing = first.iter().zip(&other).filter(|(a, b)| a != b).count();
    assert!(differing > first.len() / 2, "another seed gives other data ({differing} of {} rows differ)", first.len());
}

#[test]
fn a_database_with_data_is_refused_and_left_unchanged() {
    let db = Database::open_in_memory().unwrap();
    generate(&db, 1, Scale::Small, FIXED_AS_OF).unwrap();
    let before = dump(&db);
    let err = generate(&db, 2, Scale::Small, FIXED_AS_OF).unwrap_err();
    match &err {
        CoreError::Validation(fields) => {
            assert_eq!(fields[0].field, "db");
            assert!(fields[0].message.contains("已有数据"), "{}", fields[0].message);
            assert!(fields[0].message_en.contains("already holds data"), "{}", fields[0].message_en);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(dump(&db), before, "nothing more was written");
}

/// The sample of `seed` as of `as_of`.
fn generate_as_of(seed: u64, as_of: NaiveDate) -> Database {
    let db = Database::open_in_memory().unwrap();
    generate(&db, seed, Scale::Small, as_of).unwrap();
    db
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Rows that cannot simply move with the dates: the batches (named by the year their first day falls in; compared on
/// their own) and the service totals per month and per year (kept by triggers, so a record moving into the next
/// month moves its figures with it).
fn moves_with_the_dates(row: &str) -> bool {
    !["batches|", "service_record_months|", "service_record_years|"].iter().any(|t| row.starts_with(t))
}

/// `dump`'s rows with every date and timestamp moved back by `days` and every id's time part by as many days: the
/// sample as of 2025-12-31 when `days` is what the as-of day moved by.
fn shifted_back(rows: &[String], days: i64) -> Vec<String> {
    let back = chrono::Duration::days(days);
    let move_cell = |cell: &str| -> String {
        let Some(text) = cell.strip_prefix("Text(\"").and_then(|t| t.strip_suffix("\")")) else {
            return cell.to_owned();
        };
        if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return format!("Text({:?})", (d - back).to_string());
        }
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
            let moved = (t - back).with_timezone(&chrono::Utc);
            return format!("Text({:?})", moved.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
        }
        if let Ok(id) = uuid::Uuid::parse_str(text) {
            if id.get_version_num() == 7 {
                let (secs, nanos) = id.get_timestamp().unwrap().to_unix();
                let ms = (secs * 1000 + u64::from(nanos / 1_000_000)) as i64 - days * 86_400_000;
                let mut bytes = *id.as_bytes();
                bytes[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
                return format!("Text({:?})", uuid::Uuid::from_bytes(bytes).to_string());
            }
        }
        cell.to_owned()
    };
    rows.iter()
        .filter(|row| moves_with_the_dates(row))
        .map(|row| row.split('|').map(move_cell).collect::<Vec<_>>().join("|"))
        .collect()
}

#[test]
fn another_as_of_day_gives_the_same_records_with_every_date_moved() {
    let fixed = dump(&small().0);
    for as_of in [day(2026, 12, 7), day(2028, 2, 29), day(2024, 2, 29)] {
        let moved = generate_as_of(SEED, as_of);
        let days = (as_of - FIXED_AS_OF).num_days();
        let rows = dump(&moved);
        assert_ne!(rows, fixed);
        let expected: Vec<String> = fixed.iter().filter(|r| moves_with_the_dates(r)).cloned().collect();
        let back = shifted_back(&rows, days);
        assert_eq!(back.len(), expected.len(), "the same number of rows as of {as_of}");
        let differing = back.iter().zip(&expected).find(|(a, b)| a != b);
        assert!(differing.is_none(), "as of {as_of}, moved back {days} days: {differing:?}");
        // The batches: six, named uniquely by the year they start in, serving until the as-of day.
        moved
            .read(|c| {
                let names =
                    strings(c, "SELECT name || '|' || year || '|' || start_date || '|' || end_date FROM batches");
                assert_eq!(names.len(), 6);
                let unique: HashSet<&str> = names.iter().map(|n| n.split('|').next().unwrap()).collect();
                assert_eq!(unique.len(), 6, "{names:?}");
                for n in &names {
                    let parts: Vec<&str> = n.split('|').collect();
                    assert!(parts[0].starts_with(&format!("{}年第", parts[1])), "{n}");
                    assert!(parts[2].starts_with(parts[1]), "{n}");
                    assert_eq!(parts[3], as_of.to_string());
                }
                Ok(())
            })
            .unwrap();
    }
}

#[test]
fn the_latest_records_lie_on_or_shortly_before_the_as_of_day() {
    for as_of in [FIXED_AS_OF, day(2026, 12, 7), day(2028, 2, 29)] {
        let db = generate_as_of(SEED, as_of);
        db.read(|c| {
            let latest = |sql: &str| -> NaiveDate {
                let text: String = c.query_row(sql, [], |r| r.get(0)).unwrap();
                NaiveDate::parse_from_str(&text[..10], "%Y-%m-%d").unwrap()
            };
            for sql in [
                "SELECT MAX(visit_date) FROM visits",
                "SELECT MAX(end_date) FROM service_records",
                "SELECT MAX(changed_on) FROM need_stage_events",
                "SELECT MAX(updated_at) FROM service_records",
                "SELECT MAX(at) FROM audit_log",
            ] {
                let last = latest(sql);
                assert!(last <= as_of && last >= as_of - chrono::Days::new(31), "as of {as_of}: {sql} → {last}");
            }
            let first = latest("SELECT MIN(visit_date) FROM visits");
            assert!(first >= as_of - chrono::Days::new(3 * 366), "as of {as_of}: first visit {first}");
            Ok(())
        })
        .unwrap();
    }
}

#[test]
fn the_same_as_of_day_gives_the_same_database() {
    let as_of = day(2026, 12, 7);
    assert!(dump(&generate_as_of(SEED, as_of)) == dump(&generate_as_of(SEED, as_of)));
}

#[test]
fn the_as_of_day_defaults_to_today_and_a_bad_one_is_refused() {
    let today = day(2026, 12, 7);
    assert_eq!(as_of_day(None, today).unwrap(), today);
    assert_eq!(as_of_day(Some("2025-12-31"), today).unwrap(), FIXED_AS_OF);
    assert_eq!(as_of_day(Some("2028-02-29"), today).unwrap(), day(2028, 2, 29));
    for bad in ["2026-02-29", "2026-13-01", "yesterday", "", "1999-12-31", "2040-01-01"] {
        match as_of_day(Some(bad), today) {
            Err(CoreError::Validation(fields)) => {
                assert_eq!(fields[0].field, "asOf", "{bad}");
                assert!(!fields[0].message.is_empty() && !fields[0].message_en.is_empty());
            }
            other => panic!("{bad}: expected a validation error, got {other:?}"),
        }
    }
    // The generator itself refuses a day it cannot place, and writes nothing.
    let db = Database::open_in_memory().unwrap();
    assert!(matches!(generate(&db, 1, Scale::Small, day(1999, 1, 1)), Err(CoreError::Validation(_))));
    db.read(|c| {
        assert_eq!(count(c, "SELECT COUNT(*) FROM experts"), 0);
        Ok(())
    })
    .unwrap();
}

/// Times the large scale into a file database (and checks it):
/// `cargo test --release -p ledger-core --test integration sample:: -- --ignored --nocapture`.
#[test]
#[ignore = "large: about a million rows; run in release"]
fn large_scale_timing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.sqlite3");
    let db = Database::open(&path).unwrap();
    let started = std::time::Instant::now();
    let s = generate(&db, SEED, Scale::Large, FIXED_AS_OF).unwrap();
    let elapsed = started.elapsed();
    let size = std::fs::metadata(&path).unwrap().len();
    println!("large sample: {elapsed:.2?}, {} MB, {s:?}", size / 1_000_000);
    assert_eq!((s.experts, s.enterprises, s.service_records), (1_000, 100_000, 1_000_000));
    assert_eq!((s.visits, s.needs), (50_000, 20_000));
    let checked = std::time::Instant::now();
    let report = db.read(integrity::check).unwrap();
    println!("integrity check: {:.2?}", checked.elapsed());
    assert!(report.ok, "{:?}", report.problems);
}
