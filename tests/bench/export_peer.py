#!/usr/bin/env python3
"""The Python peer of the 服务台账 export (issue 16): what a straightforward script writes for the same ledger.

sqlite3 from the standard library reads the service records of a period with their expert, 派出单位, enterprise and
need joined on every row, and XlsxWriter in constant-memory mode writes them: a title row, the header, one row per
record with the app's 23 columns (dates as real dates in yyyy-mm-dd, 服务天数 as 0.0, 万元 as 0.00 from fen, counts as
0, 服务类型 and 满意度 as their Chinese labels), then a 合计 row of SUM formulas. It is the reference the app's export
is compared with (`cargo bench -p ledger-core --bench export_floor`), not part of the app.

Prerequisite (only for the bench, never for the tests): `pip install XlsxWriter`.

    python3 tests/bench/export_peer.py --db ledger.sqlite3 --out peer.xlsx --from 2023-01-01 --to 2025-12-31

Prints the rows written. The database is opened read-only.
"""

import argparse
import datetime
import sqlite3
import sys

import xlsxwriter

SERVICE_TYPES = {
    "consulting": "技术咨询",
    "tech_breakthrough": "技术攻关",
    "result_transfer": "成果转化",
    "talent_training": "人才培养",
    "project_application": "项目申报",
    "policy_briefing": "政策宣讲",
    "training": "培训",
    "other": "其他",
}

SATISFACTION = {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}

# (header, kind): t text, d date, n days, w 万元 from fen, c count.
COLUMNS = [
    ("科技专员", "t"),
    ("派出单位", "t"),
    ("服务企业", "t"),
    ("对应需求", "t"),
    ("开始日期", "d"),
    ("结束日期", "d"),
    ("服务天数", "n"),
    ("服务类型", "t"),
    ("服务内容", "t"),
    ("合同金额（万元）", "w"),
    ("投资额（万元）", "w"),
    ("政策资金（万元）", "w"),
    ("降本（万元）", "w"),
    ("产值（万元）", "w"),
    ("利税（万元）", "w"),
    ("专利（件）", "c"),
    ("新产品（个）", "c"),
    ("新技术（项）", "c"),
    ("培训人次", "c"),
    ("解决需求（个）", "c"),
    ("成效简述", "t"),
    ("满意度", "t"),
    ("评价日期", "d"),
]

QUERY = """
SELECT x.name, o.name, en.name, n.title, s.start_date, s.end_date, s.service_days, s.service_type, s.content,
       s.contract_amount_fen, s.investment_fen, s.policy_funds_fen, s.cost_saved_fen, s.output_value_fen,
       s.profit_tax_fen, s.patents, s.new_products, s.new_technologies, s.people_trained, s.needs_solved,
       s.outcome_summary, s.satisfaction, s.evaluated_on
FROM service_records s
JOIN experts x ON x.id = s.expert_id
LEFT JOIN organizations o ON o.id = x.organization_id
JOIN enterprises en ON en.id = s.enterprise_id
LEFT JOIN needs n ON n.id = s.need_id
WHERE s.deleted_at IS NULL AND s.start_date BETWEEN ? AND ?
ORDER BY s.start_date, s.id
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--from", dest="start", required=True)
    parser.add_argument("--to", dest="end", required=True)
    args = parser.parse_args()

    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    book = xlsxwriter.Workbook(args.out, {"constant_memory": True})
    sheet = book.add_worksheet("服务台账")
    title = book.add_format({"bold": True, "font_size": 16})
    header = book.add_format({"bold": True, "border": 1, "bg_color": "#D9E1F2", "text_wrap": True})
    formats = {
        "t": None,
        "d": book.add_format({"num_format": "yyyy-mm-dd"}),
        "n": book.add_format({"num_format": "0.0"}),
        "w": book.add_format({"num_format": "0.00"}),
        "c": book.add_format({"num_format": "0"}),
    }
    sheet.write_string(0, 0, f"服务台账（{args.start}至{args.end}）", title)
    for col, (name, _) in enumerate(COLUMNS):
        sheet.write_string(2, col, name, header)
    sheet.freeze_panes(3, 0)

    row = 3
    for record in conn.execute(QUERY, (args.start, args.end)):
        for col, ((_, kind), value) in enumerate(zip(COLUMNS, record)):
            if value is None:
                continue
            if kind == "d":
                sheet.write_datetime(row, col, datetime.date.fromisoformat(value), formats["d"])
            elif kind == "w":
                sheet.write_number(row, col, value / 1_000_000, formats["w"])
            elif kind in ("n", "c"):
                sheet.write_number(row, col, value, formats[kind])
            elif col == 7:
                sheet.write_string(row, col, SERVICE_TYPES.get(value, value))
            elif col == 21:
                sheet.write_string(row, col, SATISFACTION.get(value, value))
            else:
                sheet.write_string(row, col, value)
        row += 1

    rows = row - 3
    sheet.write_string(row, 0, f"合计（{rows} 条）")
    for col, (_, kind) in enumerate(COLUMNS):
        if kind in ("n", "w", "c") and rows:
            letter = xlsxwriter.utility.xl_col_to_name(col)
            sheet.write_formula(row, col, f"=SUM({letter}4:{letter}{row})", formats[kind])
    book.close()
    print(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
