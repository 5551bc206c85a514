//! Search of the expert and enterprise lists: 2-character queries go to LIKE, 3+ to the FTS5 trigram index; both
//! match literally (LIKE wildcards, FTS syntax characters) and agree with each other.

use crate::common::{enterprise, exec, expert};
use ledger_core::model::*;
use ledger_core::Ledger;

fn fixture() -> Ledger {
    let ledger = Ledger::open_in_memory().unwrap();
    let org = ledger
        .create_organization(&OrganizationInput {
            name: "中国科学院宁波材料所".into(),
            kind: Some(OrganizationKind::Institute),
            region: None,
            notes: None,
        })
        .unwrap();
    let experts = [
        ("王电池", Some("储能材料"), vec!["锂电池", "固态电池"], Some("研究员"), None),
        ("李专利", Some("知识产权"), vec!["专利布局"], None, Some(org.id.clone())),
        ("张三", Some("机械工程"), vec!["100%_达标", "OR * -x"], Some("高级工程师"), None),
        ("Smith", Some("Battery Materials"), vec![], None, None),
    ];
    for (i, (name, discipline, specialties, position, org)) in experts.into_iter().enumerate() {
        ledger
            .create_expert(&ExpertInput {
                discipline: discipline.map(Into::into),
                specialties: specialties.into_iter().map(Into::into).collect(),
                position: position.map(Into::into),
                organization_id: org,
                ..expert(name, Some(&format!("1390000000{i}")))
            })
            .unwrap();
    }
    let firms = [
        ("宁波动力电池有限公司", Some("动力电池、储能电池"), Some("宁波市北仑区"), Some("周某")),
        ("杭州专利代理有限公司", Some("专利代理"), Some("杭州市西湖区"), Some("吴某")),
        ("O'Brien 贸易有限公司", Some("100% 棉 \"特级\""), None, None),
    ];
    for (i, (name, products, address, legal)) in firms.into_iter().enumerate() {
        ledger
            .create_enterprise(&EnterpriseInput {
                main_products: products.map(Into::into),
                address: address.map(Into::into),
                legal_representative: legal.map(Into::into),
                ..enterprise(name, i as u32)
            })
            .unwrap();
    }
    ledger
}

fn expert_names(ledger: &Ledger, search: &str) -> Vec<String> {
    let q = ExpertQuery {
        search: Some(search.into()),
        sort: ExpertSortKey::Name,
        order: SortOrder::Asc,
        ..Default::default()
    };
    ledger.list_experts(&q).unwrap().items.into_iter().map(|r| r.name).collect()
}

fn enterprise_names(ledger: &Ledger, search: &str) -> Vec<String> {
    let q = EnterpriseQuery {
        search: Some(search.into()),
        sort: EnterpriseSortKey::Name,
        order: SortOrder::Asc,
        ..Default::default()
    };
    ledger.list_enterprises(&q).unwrap().items.into_iter().map(|r| r.name).collect()
}

#[test]
fn two_character_queries_find_substrings_through_like() {
    let ledger = fixture();
    assert_eq!(expert_names(&ledger, "专利"), ["李专利"]);
    assert_eq!(expert_names(&ledger, "电池"), ["王电池"]);
    assert_eq!(enterprise_names(&ledger, "专利"), ["杭州专利代理有限公司"]);
    assert_eq!(enterprise_names(&ledger, "电池"), ["宁波动力电池有限公司"]);
    assert_eq!(enterprise_names(&ledger, "周某"), ["宁波动力电池有限公司"], "legal representative");
    assert_eq!(expert_names(&ledger, "宁波"), ["李专利"], "the organisation name matches too");
}

#[test]
fn three_or_more_characters_use_the_trigram_index() {
    let ledger = fixture();
    assert_eq!(expert_names(&ledger, "锂电池"), ["王电池"], "specialties");
    assert_eq!(expert_names(&ledger, "研究员"), ["王电池"], "position");
    assert_eq!(expert_names(&ledger, "储能材料"), ["王电池"], "discipline");
    assert_eq!(expert_names(&ledger, "1390000000"), ["Smith", "张三", "李专利", "王电池"], "phone");
    assert_eq!(expert_names(&ledger, "battery"), ["Smith"], "ASCII is case-insensitive");
    assert_eq!(expert_names(&ledger, "材料所"), ["李专利"], "the organisation name");
    assert_eq!(enterprise_names(&ledger, "储能电池"), ["宁波动力电池有限公司"], "main products");
    assert_eq!(enterprise_names(&ledger, "西湖区"), ["杭州专利代理有限公司"], "address");
    assert_eq!(enterprise_names(&ledger, "有限公司").len(), 3);
    assert!(enterprise_names(&ledger, "不存在的词").is_empty());
}

#[test]
fn wildcards_and_fts_syntax_are_plain_text() {
    let ledger = fixture();
    for q in ["%", "_", "%_"] {
        assert_eq!(expert_names(&ledger, q), ["张三"], "{q} matches only the text that has it");
    }
    for q in ["\\", "%%", "a%", "_%", "\\%"] {
        assert!(expert_names(&ledger, q).is_empty(), "{q}");
    }
    assert_eq!(expert_names(&ledger, "100%_达标"), ["张三"]);
    assert_eq!(expert_names(&ledger, "0%"), ["张三"], "2 characters, LIKE, % literal");
    assert_eq!(enterprise_names(&ledger, "100%"), ["O'Brien 贸易有限公司"]);
    assert_eq!(enterprise_names(&ledger, "O'Brien"), ["O'Brien 贸易有限公司"]);
    assert_eq!(enterprise_names(&ledger, "\"特级\""), ["O'Brien 贸易有限公司"]);
    assert_eq!(expert_names(&ledger, "OR * -x"), ["张三"]);
    for q in
        ["\"", "\"\"", "'", "*", "-", "OR", "a OR b", "NEAR(", "电池 OR 专利", "\"电池", "col:xyz", "^abc", "x AND"]
    {
        expert_names(&ledger, q);
        enterprise_names(&ledger, q);
    }
    assert!(enterprise_names(&ledger, "电池 OR 专利").is_empty(), "OR is text, not an operator");
}

#[test]
fn fts_and_like_agree_on_three_character_queries() {
    let ledger = fixture();
    for q in ["电池有", "有限公", "锂电池", "代理有", "100", "宁波市", "专利布", "abc", "工程师"] {
        let like = format!("%{q}%");
        let expected: Vec<String> = ledger
            .database()
            .read(|c| {
                let mut stmt = c.prepare(
                    "SELECT name FROM enterprises WHERE deleted_at IS NULL AND (name LIKE ?1 OR main_products LIKE ?1
                     OR address LIKE ?1 OR legal_representative LIKE ?1) ORDER BY name",
                )?;
                let rows = stmt.query_map([&like], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(rows)
            })
            .unwrap();
        assert_eq!(enterprise_names(&ledger, q), expected, "{q}");
        let expected: Vec<String> = ledger
            .database()
            .read(|c| {
                let mut stmt = c.prepare(
                    "SELECT e.name FROM experts e LEFT JOIN organizations o ON o.id = e.organization_id
                     WHERE e.deleted_at IS NULL AND (e.name LIKE ?1 OR e.discipline LIKE ?1 OR e.specialties LIKE ?1
                       OR e.position LIKE ?1 OR e.phone LIKE ?1 OR o.name LIKE ?1) ORDER BY e.name",
                )?;
                let rows = stmt.query_map([&like], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(rows)
            })
            .unwrap();
        assert_eq!(expert_names(&ledger, q), expected, "{q}");
    }
}

#[test]
fn the_index_follows_edits_deletes_and_purges() {
    let ledger = fixture();
    let id = ledger
        .list_enterprises(&EnterpriseQuery { search: Some("动力电池".into()), ..Default::default() })
        .unwrap()
        .items[0]
        .id
        .clone();
    let current = ledger.get_enterprise(&id).unwrap();
    ledger
        .update_enterprise(
            &id,
            current.stamps.revision,
            &EnterpriseInput {
                main_products: Some("氢燃料电堆".into()), ..enterprise("宁波氢能科技有限公司", 0)
            },
        )
        .unwrap();
    assert!(enterprise_names(&ledger, "动力电池").is_empty(), "the old name left the index");
    assert_eq!(enterprise_names(&ledger, "氢燃料"), ["宁波氢能科技有限公司"]);
    ledger.delete_enterprise(&id, false).unwrap();
    assert!(enterprise_names(&ledger, "氢燃料").is_empty(), "deleted rows are not listed");
    ledger.purge(RecordKind::Enterprise, &id).unwrap();
    exec(&ledger, "INSERT INTO enterprises_fts (enterprises_fts) VALUES ('integrity-check');");
    exec(&ledger, "INSERT INTO experts_fts (experts_fts) VALUES ('integrity-check');");
}

#[test]
fn migrating_an_old_database_indexes_its_rows() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    ledger_core::storage::migrations::migrate_to(&mut conn, 1).unwrap();
    conn.execute_batch(
        "INSERT INTO experts (id, name, title, discipline, created_at, updated_at)
         VALUES ('e1', '老专员', 'senior', '精密仪器', 'n', 'n');
         INSERT INTO enterprises (id, name, credit_code, address, created_at, updated_at)
         VALUES ('f1', '老企业有限公司', 'c1', '绍兴市柯桥区', 'n', 'n');",
    )
    .unwrap();
    ledger_core::storage::migrations::migrate(&mut conn).unwrap();
    let hits = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(hits("SELECT COUNT(*) FROM experts_fts WHERE experts_fts MATCH '\"精密仪\"'"), 1);
    assert_eq!(hits("SELECT COUNT(*) FROM enterprises_fts WHERE enterprises_fts MATCH '\"柯桥区\"'"), 1);
    assert_eq!(hits("SELECT COUNT(*) FROM enterprises WHERE name_key = '老企业'"), 1);
}

#[test]
fn search_totals_count_only_live_matches() {
    let ledger = fixture();
    let total = |search: &str| -> u32 {
        ledger.list_enterprises(&EnterpriseQuery { search: Some(search.into()), ..Default::default() }).unwrap().total
    };
    let counted = |search: &str| -> u32 {
        let like = format!("%{search}%");
        ledger
            .database()
            .read(|c| {
                Ok(c.query_row(
                    "SELECT COUNT(*) FROM enterprises WHERE deleted_at IS NULL AND (name LIKE ?1
                         OR main_products LIKE ?1 OR address LIKE ?1 OR legal_representative LIKE ?1)",
                    [&like],
                    |r| r.get(0),
                )?)
            })
            .unwrap()
    };
    let terms = ["有限公司", "有限公", "电池", "动力电池", "宁波市", "专利代理", "不存在的词"];
    for q in terms {
        assert_eq!(total(q), counted(q), "{q}");
    }
    let id = ledger
        .list_enterprises(&EnterpriseQuery { search: Some("动力电池".into()), ..Default::default() })
        .unwrap()
        .items[0]
        .id
        .clone();
    ledger.delete_enterprise(&id, true).unwrap();
    assert_eq!(total("有限公司"), 2, "the FTS index still holds the deleted row; the total leaves it out");
    for q in terms {
        assert_eq!(total(q), counted(q), "{q} with one in the recycle bin");
    }
    ledger.restore(RecordKind::Enterprise, &id).unwrap();
    assert_eq!(total("有限公司"), 3);
}
