//! Tests of the command layer: the real app (config, capabilities, commands) built on Tauri's mock runtime, with
//! commands invoked through IPC exactly as the UI invokes them.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use st_ledger_app::{with_commands, AppState, COMMANDS};
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

struct Harness {
    _app: App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
    /// A folder outside the data folder, for the files the person picks (exports, imports, 备份到…): no command
    /// takes a path inside the data folder.
    out: tempfile::TempDir,
}

fn harness() -> Harness {
    harness_in(tempfile::tempdir().unwrap())
}

/// The app on the data folder `dir` (which may hold a database already).
fn harness_in(dir: tempfile::TempDir) -> Harness {
    harness_with(dir, |state| state)
}

/// [`harness_in`] with the app's state adjusted by `adjust` (a cheap password cost, a short idle time).
fn harness_with(dir: tempfile::TempDir, adjust: impl FnOnce(AppState) -> AppState) -> Harness {
    let app = with_commands(mock_builder())
        .manage(adjust(AppState::open(dir.path())))
        .build(tauri::generate_context!())
        .expect("the app builds on the mock runtime");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Harness { _app: app, window, _dir: dir, out: tempfile::tempdir().unwrap() }
}

fn invoke(h: &Harness, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        &h.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: if cfg!(windows) { "http://tauri.localhost" } else { "tauri://localhost" }.parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

fn list(h: &Harness) -> Value {
    invoke(h, "list_experts", json!({"query": {"page": 1, "pageSize": 20}})).expect("list_experts succeeds")
}

#[test]
fn app_info_reports_the_database() {
    let h = harness();
    let info = invoke(&h, "app_info", json!({})).unwrap();
    assert_eq!(info["schemaVersion"], json!(ledger_core::storage::migrations::LATEST_VERSION));
    assert!(info["dbPath"].as_str().unwrap().ends_with(ledger_core::data_folder::paths::DB_FILE_NAME), "{info}");
}

#[test]
fn the_ledger_is_its_own_first_origin_and_lists_take_origins() {
    let h = harness();
    let origins = invoke(&h, "list_origins", json!({})).unwrap();
    assert_eq!(origins.as_array().map(Vec::len), Some(1), "{origins}");
    assert_eq!((origins[0]["own"].clone(), origins[0]["name"].clone()), (json!(true), json!("本台账")));
    let own = origins[0]["id"].clone();
    let page = invoke(&h, "list_experts", json!({"query": {"origins": [own]}})).unwrap();
    assert_eq!(page["total"], json!(0));
}

#[test]
fn create_then_list_an_expert() {
    let h = harness();
    assert_eq!(list(&h)["total"], json!(0));
    let created = invoke(
        &h,
        "create_expert",
        json!({"input": {"name": " 王　芳 ", "title": "senior", "phone": "+86 139-0571-2345", "specialties": ["储能"]}}),
    )
    .expect("a valid expert is saved");
    assert_eq!(created["name"], json!("王芳"), "names are normalised before saving");
    assert_eq!(created["phone"], json!("13905712345"));
    let page = list(&h);
    assert_eq!(page["total"], json!(1));
    assert_eq!(page["items"][0]["id"], created["id"]);
    assert_eq!(page["items"][0]["title"], json!("senior"));
}

#[test]
fn invalid_expert_is_refused_with_field_errors_and_nothing_is_written() {
    let h = harness();
    let err = invoke(&h, "create_expert", json!({"input": {"name": "", "phone": "12345"}})).unwrap_err();
    assert_eq!(err["code"], json!("validation"));
    let fields: Vec<&str> = err["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "title", "phone"], "every bad field is reported at once: {err}");
    assert!(err["message"].as_str().unwrap().contains("未保存"), "{err}");
    assert!(!err["fields"][2]["messageEn"].as_str().unwrap().is_empty());
    assert_eq!(list(&h)["total"], json!(0), "nothing was written");
}

#[test]
fn duplicate_expert_points_at_the_phone_field() {
    let h = harness();
    let input = json!({"input": {"name": "李强", "title": "junior", "phone": "13800138000"}});
    invoke(&h, "create_expert", input.clone()).unwrap();
    let err = invoke(&h, "create_expert", input).unwrap_err();
    assert_eq!(err["code"], json!("duplicate"));
    assert_eq!(err["fields"][0]["field"], json!("phone"));
    assert_eq!(list(&h)["total"], json!(1));
}

#[test]
fn unknown_command_is_refused() {
    let h = harness();
    assert!(invoke(&h, "purge_everything", json!({})).is_err());
}

#[test]
fn a_database_that_cannot_be_opened_is_reported_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the data folder should be: the database cannot be created inside it.
    let blocked = dir.path().join("not-a-folder");
    std::fs::write(&blocked, b"x").unwrap();
    let app = with_commands(mock_builder()).manage(AppState::open(&blocked)).build(tauri::generate_context!()).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let h = Harness { _app: app, window, _dir: dir, out: tempfile::tempdir().unwrap() };
    let err = invoke(&h, "list_experts", json!({"query": {}})).unwrap_err();
    assert!(["io", "database"].contains(&err["code"].as_str().unwrap()), "{err}");
    assert!(!err["message"].as_str().unwrap().is_empty());
}

#[test]
fn enterprise_round_trip_through_the_recycle_bin() {
    let h = harness();
    let bad = invoke(
        &h,
        "create_enterprise",
        json!({"input": {"name": "宁波甬新材料科技有限公司", "creditCode": "91350100M00010"}}),
    )
    .unwrap_err();
    assert_eq!(bad["code"], json!("validation"));
    assert_eq!(bad["fields"][0]["field"], json!("creditCode"));
    let empty = invoke(&h, "list_enterprises", json!({"query": {}})).unwrap();
    assert_eq!(empty["total"], json!(0), "nothing was stored");

    let saved = invoke(
        &h,
        "create_enterprise",
        json!({"input": {"name": "宁波甬新材料科技有限公司", "creditCode": "91350100M000100Y43", "mainProducts": "锂电池隔膜"}}),
    )
    .unwrap();
    let id = saved["record"]["id"].as_str().unwrap().to_owned();
    let found = invoke(&h, "list_enterprises", json!({"query": {"search": "电池"}})).unwrap();
    assert_eq!(found["total"], json!(1), "two-character search finds it: {found}");

    invoke(&h, "delete_enterprise", json!({"id": id, "confirm": false})).unwrap();
    assert_eq!(invoke(&h, "list_enterprises", json!({"query": {}})).unwrap()["total"], json!(0));
    let bin = invoke(&h, "list_recycle_bin", json!({"page": 1, "pageSize": 20})).unwrap();
    assert_eq!(bin["items"][0]["id"], json!(id));
    invoke(&h, "restore_record", json!({"kind": "enterprise", "id": id})).unwrap();
    assert_eq!(invoke(&h, "list_enterprises", json!({"query": {}})).unwrap()["total"], json!(1));

    let history = invoke(&h, "record_history", json!({"entity": "enterprise", "id": id})).unwrap();
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["restore", "delete", "create"], "newest first");
}

#[test]
fn an_expert_is_edited_with_its_revision() {
    let h = harness();
    let e = invoke(&h, "create_expert", json!({"input": {"name": "赵磊", "title": "junior"}})).unwrap();
    let id = e["id"].as_str().unwrap();
    let edited = invoke(
        &h,
        "update_expert",
        json!({"id": id, "expectedRevision": 1, "input": {"name": "赵磊", "title": "senior"}}),
    )
    .unwrap();
    assert_eq!(edited["title"], json!("senior"));
    assert_eq!(edited["revision"], json!(2));
    let stale = invoke(
        &h,
        "update_expert",
        json!({"id": id, "expectedRevision": 1, "input": {"name": "赵磊", "title": "junior"}}),
    )
    .unwrap_err();
    assert_eq!(stale["code"], json!("conflict"));
    assert_eq!(invoke(&h, "get_expert", json!({"id": id})).unwrap()["title"], json!("senior"));
}

#[test]
fn organizations_and_batches_are_managed_through_the_commands() {
    let h = harness();
    let org = invoke(&h, "create_organization", json!({"input": {"name": "浙江大学", "kind": "university"}})).unwrap();
    let renamed = invoke(
        &h,
        "update_organization",
        json!({"id": org["id"], "expectedRevision": 1, "input": {"name": "浙江工业大学", "kind": "university"}}),
    )
    .unwrap();
    assert_eq!((renamed["name"].clone(), renamed["revision"].clone()), (json!("浙江工业大学"), json!(2)));
    let batch = invoke(&h, "create_batch", json!({"input": {"name": "2024年第一批", "year": 2024}})).unwrap();
    invoke(
        &h,
        "create_expert",
        json!({"input": {"name": "李明", "title": "senior", "organizationId": org["id"], "batchId": batch["id"]}}),
    )
    .unwrap();
    let orgs = invoke(&h, "list_organizations", json!({})).unwrap();
    assert_eq!(orgs[0]["expertCount"], json!(1));
    let err = invoke(&h, "delete_organization", json!({"id": org["id"]})).unwrap_err();
    assert_eq!(err["code"], json!("has_references"), "{err}");
    let err = invoke(&h, "delete_batch", json!({"id": batch["id"]})).unwrap_err();
    assert_eq!(err["code"], json!("has_references"), "{err}");

    let spare = invoke(&h, "create_batch", json!({"input": {"name": "2024年第二批"}})).unwrap();
    let err = invoke(&h, "update_batch", json!({"id": spare["id"], "expectedRevision": 1, "input": {"name": ""}}))
        .unwrap_err();
    assert_eq!(err["fields"][0]["field"], json!("name"));
    invoke(&h, "delete_batch", json!({"id": spare["id"]})).unwrap();
    assert_eq!(invoke(&h, "list_batches", json!({})).unwrap().as_array().unwrap().len(), 1);
}

#[test]
fn detail_pages_come_through_the_commands() {
    let h = harness();
    let expert = invoke(
        &h,
        "create_expert",
        json!({"input": {"name": "李娜", "title": "senior", "idCard": "11010519491231002X"}}),
    )
    .unwrap();
    let overview = invoke(&h, "expert_overview", json!({"id": expert["id"]})).unwrap();
    assert_eq!(overview["expert"]["idCard"], json!("110105********002X"), "the detail page masks the ID");
    assert_eq!(overview["serviceRecords"]["total"], json!(0));
    assert_eq!(overview["outcomes"]["contractAmountFen"], json!(0));
    let err = invoke(&h, "enterprise_overview", json!({"id": "missing"})).unwrap_err();
    assert_eq!(err["code"], json!("not_found"));
}

/// Invokes a command with any body (raw bytes, as the UI's upload sends) and headers, returning the raw or JSON
/// answer.
fn invoke_raw(
    h: &Harness,
    cmd: &str,
    body: InvokeBody,
    headers: &[(&'static str, &str)],
) -> Result<InvokeResponseBody, Value> {
    let mut map = tauri::http::HeaderMap::new();
    for (name, value) in headers {
        map.insert(*name, value.parse().unwrap());
    }
    get_ipc_response(
        &h.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: if cfg!(windows) { "http://tauri.localhost" } else { "tauri://localhost" }.parse().unwrap(),
            body,
            headers: map,
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
}

/// A visit at a new enterprise with one new expert.
fn visit(h: &Harness) -> Value {
    let expert = invoke(h, "create_expert", json!({"input": {"name": "李娜", "title": "senior"}})).unwrap();
    let firm = invoke(
        h,
        "create_enterprise",
        json!({"input": {"name": "湖州电梯有限公司", "creditCode": "91350100M000100Y43"}}),
    )
    .unwrap();
    invoke(
        h,
        "create_visit",
        json!({"input": {"visitDate": "2026-03-02", "enterpriseId": firm["record"]["id"], "expertIds": [expert["id"]],
            "mode": "on_site", "purpose": "了解需求", "followUpDate": "2026-03-20"}}),
    )
    .expect("a valid visit is saved")
}

#[test]
fn a_visit_is_saved_and_listed_through_the_commands() {
    let h = harness();
    let v = visit(&h);
    assert_eq!(v["experts"][0]["name"], json!("李娜"), "{v}");
    let page = invoke(&h, "list_visits", json!({"query": {"page": 1, "pageSize": 20}})).unwrap();
    assert_eq!(page["total"], json!(1));
    assert_eq!(page["items"][0]["enterpriseName"], json!("湖州电梯有限公司"));
    let err = invoke(&h, "create_visit", json!({"input": {"visitDate": "2026-02-30"}})).unwrap_err();
    assert_eq!(err["code"], json!("validation"), "{err}");
    assert_eq!(invoke(&h, "list_visits", json!({"query": {}})).unwrap()["total"], json!(1), "nothing was written");
}

#[test]
fn an_event_with_two_enterprises_is_saved_listed_and_edited_through_the_commands() {
    let h = harness();
    let v = visit(&h);
    let other = invoke(
        &h,
        "create_enterprise",
        json!({"input": {"name": "安吉竹木制品厂", "creditCode": "91350100M000200Y4T"}}),
    )
    .unwrap();
    let input = json!({"eventType": "matchmaking", "title": "供需对接会", "eventDate": "2026-03-02",
        "attendance": 20, "enterpriseIds": [v["enterpriseId"], other["record"]["id"]],
        "expertIds": [v["experts"][0]["id"]]});
    let saved = invoke(&h, "create_event", json!({"input": input})).expect("a valid event is saved");
    assert_eq!(saved["enterprises"].as_array().unwrap().len(), 2, "{saved}");
    let page = invoke(&h, "list_events", json!({"query": {"enterpriseId": other["record"]["id"]}})).unwrap();
    assert_eq!((page["total"].clone(), page["items"][0]["eventType"].clone()), (json!(1), json!("matchmaking")));
    let err = invoke(&h, "create_event", json!({"input": {"eventType": "training", "title": "培训"}})).unwrap_err();
    assert_eq!(err["code"], json!("validation"), "{err}");
    let fields: Vec<&str> = err["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["eventDate", "enterpriseIds"]);
    let edited = invoke(
        &h,
        "update_event",
        json!({"id": saved["id"], "expectedRevision": 1, "input": {"eventType": "roadshow", "title": "路演",
            "eventDate": "2026-03-03", "enterpriseIds": [v["enterpriseId"]]}}),
    )
    .unwrap();
    assert_eq!((edited["revision"].clone(), edited["title"].clone()), (json!(2), json!("路演")));
    assert_eq!(invoke(&h, "get_event", json!({"id": saved["id"]})).unwrap(), edited);
}

#[test]
fn an_attachment_is_uploaded_as_raw_bytes_and_read_back() {
    let h = harness();
    let v = visit(&h);
    let png = b"\x89PNG\r\n\x1a\n fake image bytes".to_vec();
    let name = "%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png"; // 现场照片.png, as encodeURIComponent writes it
    let answer = invoke_raw(
        &h,
        "add_attachment",
        InvokeBody::Raw(png.clone()),
        &[("x-owner-kind", "visit"), ("x-owner-id", v["id"].as_str().unwrap()), ("x-file-name", name)],
    )
    .expect("the upload is stored");
    let attachment = answer.deserialize::<Value>().unwrap();
    assert_eq!(attachment["fileName"], json!("现场照片.png"));
    assert_eq!(attachment["sizeBytes"], json!(png.len()));
    let listed = invoke(&h, "list_attachments", json!({"ownerKind": "visit", "ownerId": v["id"]})).unwrap();
    assert_eq!(listed[0]["id"], attachment["id"]);
    match invoke_raw(&h, "attachment_bytes", InvokeBody::Json(json!({"id": attachment["id"]})), &[]) {
        Ok(InvokeResponseBody::Raw(bytes)) => assert_eq!(bytes, png, "the thumbnail bytes come back raw"),
        other => panic!("expected raw bytes, got {other:?}"),
    }
}

#[test]
fn a_malformed_upload_is_refused_and_stores_nothing() {
    let h = harness();
    let v = visit(&h);
    let err = invoke_raw(
        &h,
        "add_attachment",
        InvokeBody::Raw(b"data".to_vec()),
        &[("x-owner-kind", "visit"), ("x-file-name", "a.png")],
    )
    .unwrap_err();
    assert_eq!(err["code"], json!("validation"), "{err}");
    let err = invoke(&h, "add_attachment", json!({"ownerKind": "visit", "ownerId": v["id"]})).unwrap_err();
    assert_eq!(err["code"], json!("validation"), "a JSON body is not an upload: {err}");
    let listed = invoke(&h, "list_attachments", json!({"ownerKind": "visit", "ownerId": v["id"]})).unwrap();
    assert_eq!(listed, json!([]));
}

#[test]
fn an_upload_marked_as_evidence_shows_on_the_list_and_its_form_is_printed() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let h = harness();
    let v = visit(&h);
    let id = v["id"].as_str().unwrap();
    let headers =
        |kind| [("x-owner-kind", "visit"), ("x-owner-id", id), ("x-file-name", "scan.pdf"), ("x-evidence-kind", kind)];
    let err = invoke_raw(&h, "add_attachment", InvokeBody::Raw(b"%PDF".to_vec()), &headers("stamp")).unwrap_err();
    assert_eq!(err["code"], json!("validation"), "an unknown mark is refused: {err}");
    let answer = invoke_raw(&h, "add_attachment", InvokeBody::Raw(b"%PDF".to_vec()), &headers("confirmation")).unwrap();
    let attachment = answer.deserialize::<Value>().unwrap();
    assert_eq!(attachment["evidenceKind"], json!("confirmation"));
    let missing = |h: &Harness| {
        invoke(h, "list_visits", json!({"query": {"missingConfirmation": true}})).unwrap()["total"].clone()
    };
    assert_eq!(missing(&h), json!(0));
    let page = invoke(&h, "list_visits", json!({"query": {}})).unwrap();
    assert_eq!(page["items"][0]["evidence"], json!({"confirmation": true, "photo": false}));

    let photo =
        invoke(&h, "set_attachment_evidence", json!({"id": attachment["id"], "evidenceKind": "photo"})).unwrap();
    assert_eq!(photo["evidenceKind"], json!("photo"));
    assert_eq!(missing(&h), json!(1), "缺确认单 again");
    invoke(&h, "set_attachment_evidence", json!({"id": attachment["id"], "evidenceKind": "stamp"})).unwrap_err();

    let out = h.out.path().join("走访记录表.xlsx");
    let request = json!({"kind": "visit_record", "ids": [id]});
    let report = invoke(&h, "export_forms", json!({"request": request, "path": out, "jobId": "forms-1"})).unwrap();
    assert_eq!((report["rows"].clone(), report["sheets"].clone()), (json!(1), json!(1)));
    let mut book: Xlsx<_> = open_workbook(&out).expect("the forms are a workbook");
    let sheet = book.worksheet_range("走访记录表").unwrap();
    assert!(sheet
        .rows()
        .any(|row| row.iter().any(|c| *c == Data::String(v["enterpriseName"].as_str().unwrap().into()))));
    let inside = h._dir.path().join("x.xlsx");
    let err = invoke(&h, "export_forms", json!({"request": request, "path": inside, "jobId": "forms-2"})).unwrap_err();
    assert_eq!(err["fields"][0]["field"], json!("path"), "a path inside the data folder is refused: {err}");
}

#[test]
fn a_need_moves_only_by_legal_steps_and_a_service_record_keeps_exact_money() {
    let h = harness();
    let v = visit(&h);
    let expert_id = v["experts"][0]["id"].clone();
    let need = invoke(
        &h,
        "create_need",
        json!({"input": {"enterpriseId": v["enterpriseId"], "visitId": v["id"], "source": "visit", "title": "曳引机噪声偏大",
            "originalText": "电梯运行时噪音大，想找专家看看", "needType": "process_improvement"}}),
    )
    .expect("a need found on the visit is saved");
    assert_eq!(need["stage"], json!("discovered"));
    let err = invoke(
        &h,
        "change_need_stage",
        json!({"id": need["id"], "expectedRevision": need["revision"], "input": {"to": "solved"}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], json!("validation"), "挖掘 → 已解决 is refused: {err}");
    assert_eq!(invoke(&h, "get_need", json!({"id": need["id"]})).unwrap()["stage"], json!("discovered"));

    let record = invoke(
        &h,
        "create_service_record",
        json!({"input": {"expertId": expert_id, "enterpriseId": v["enterpriseId"], "needId": need["id"],
            "startDate": "2026-03-03", "endDate": "2026-03-04", "serviceDays": 1.5, "serviceType": "consulting",
            "content": "工艺诊断", "contractAmount": "12.3456"}}),
    )
    .expect("a valid service record is saved");
    assert_eq!(record["contractAmountFen"], json!(12_345_600), "12.3456 万元 is exactly 12,345,600 fen");
    let totals = invoke(&h, "service_totals", json!({"query": {}})).unwrap();
    assert_eq!(totals["contractAmountFen"], json!(12_345_600));
    let err = invoke(
        &h,
        "create_service_record",
        json!({"input": {"expertId": expert_id, "enterpriseId": v["enterpriseId"], "startDate": "2026-03-03",
            "endDate": "2026-03-03", "serviceDays": 2, "serviceType": "consulting", "content": "x"}}),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], json!("serviceDays"), "2 days in a 1-day period is refused: {err}");
    assert_eq!(invoke(&h, "list_service_records", json!({"query": {}})).unwrap()["total"], json!(1));

    let home = invoke(&h, "dashboard", json!({})).unwrap();
    assert!(home["thisMonth"].is_object() && home["followUpsOverdue"].is_object(), "{home}");
}

#[test]
fn review_goes_through_the_commands() {
    let h = harness();
    let settings =
        invoke(&h, "save_review_settings", json!({"settings": {"reviewEntered": true, "reviewedOnly": true}}))
            .expect("review settings are saved");
    assert_eq!(invoke(&h, "review_settings", json!({})).unwrap(), settings);
    let v = visit(&h);
    assert_eq!(v["reviewStatus"], json!("pending"), "typed while review is asked for: {v}");
    let queue = invoke(&h, "review_queue", json!({"query": {"kind": "visit"}})).expect("the queue");
    assert_eq!(queue["total"], json!(1));
    let err = invoke(
        &h,
        "review_records",
        json!({"input": {"targets": [{"kind": "visit", "id": v["id"]}], "decision": "return"}}),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], json!("opinion"), "{err}");
    let saved = invoke(
        &h,
        "review_records",
        json!({"input": {"targets": [{"kind": "visit", "id": v["id"]}], "decision": "approve"}}),
    )
    .expect("approved");
    assert_eq!(saved[0]["reviewStatus"], json!("approved"));
}

#[test]
fn statistics_report_settings_and_an_export_go_through_the_commands() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    use std::sync::{Arc, Mutex};
    use tauri::Listener;

    let h = harness();
    let v = visit(&h);
    invoke(
        &h,
        "create_service_record",
        json!({"input": {"expertId": v["experts"][0]["id"], "enterpriseId": v["enterpriseId"], "startDate": "2026-03-03",
            "endDate": "2026-03-04", "serviceDays": 1.5, "serviceType": "consulting", "content": "工艺诊断",
            "contractAmount": "12.3456"}}),
    )
    .expect("a valid service record is saved");

    let stats = invoke(&h, "statistics", json!({"filter": {"period": "2026-Q1"}})).expect("statistics of a quarter");
    assert_eq!(stats["period"]["label"], json!("2026年第一季度"));
    assert_eq!(stats["visits"]["visits"], json!(1));
    assert_eq!(stats["outcomes"]["contractAmountFen"], json!(12_345_600));
    let err = invoke(&h, "statistics", json!({"filter": {"period": "2026-Q5"}})).unwrap_err();
    assert_eq!(err["fields"][0]["field"], json!("period"), "a quarter 5 is refused on the period: {err}");

    let saved =
        invoke(&h, "save_report_settings", json!({"settings": {"reportingUnit": "湖州市科技局", "reporter": "王芳"}}))
            .expect("report settings are saved");
    assert_eq!(invoke(&h, "report_settings", json!({})).unwrap(), saved);

    let columns = invoke(&h, "export_columns", json!({"kind": "services"})).unwrap();
    assert!(columns.as_array().is_some_and(|c| c.len() > 10), "the service ledger offers its columns: {columns}");

    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = progress.clone();
    h._app.listen_any("export-progress", move |event| seen.lock().unwrap().push(event.payload().to_owned()));
    let out = h.out.path().join("服务台账.xlsx");
    let request = json!({"kind": "services", "format": "xlsx", "filter": {"period": "2026"}, "columns": null,
        "includeFullId": false});
    let report = invoke(&h, "export_file", json!({"request": request, "path": out, "jobId": "job-1"}))
        .expect("the service ledger is exported");
    assert_eq!(report["rows"], json!(1));
    let mut book: Xlsx<_> = open_workbook(&out).expect("the export is a workbook");
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert!(
        sheet.rows().any(|row| row.iter().any(|c| *c == Data::String("湖州电梯有限公司".into()))),
        "the record's enterprise is in the ledger"
    );
    let last: Value = serde_json::from_str(progress.lock().unwrap().last().expect("progress was reported")).unwrap();
    assert_eq!(last, json!({"jobId": "job-1", "done": 1, "total": 1}), "the last progress event is the whole");

    let elsewhere = h.out.path().join("其他.xlsx");
    std::fs::write(&elsewhere, b"not ours").unwrap();
    let err = invoke(&h, "reveal_export", json!({"path": elsewhere})).unwrap_err();
    assert_eq!(err["fields"][0]["field"], json!("path"), "only this session's exports can be shown: {err}");

    let missing = h.out.path().join("没有的文件夹").join("x.xlsx");
    let request = json!({"kind": "services", "format": "xlsx", "filter": {"period": "2026"}, "columns": null,
        "includeFullId": false});
    invoke(&h, "export_file", json!({"request": request, "path": missing, "jobId": "job-2"}))
        .expect_err("a folder that does not exist is an error");
    assert!(!missing.exists());
    assert_eq!(invoke(&h, "cancel_export", json!({"jobId": "job-2"})).unwrap(), Value::Null, "a finished job is gone");
}

#[test]
fn an_import_is_previewed_paged_committed_with_progress_and_undone_through_the_commands() {
    use std::sync::{Arc, Mutex};
    use tauri::Listener;

    let h = harness();
    let file = h.out.path().join("花名册.csv");
    std::fs::write(&file, "姓名,职称,手机号码\n张伟,教授,13800138001\n李娜,副教授,13800138002\n赵磊,讲师,12345\n")
        .unwrap();
    let request = json!({"path": file, "kind": "experts", "sheet": null, "mapping": null, "onDuplicate": "skip",
        "onError": "skip"});
    let preview = invoke(&h, "import_preview", json!({"request": request})).expect("the file is previewed");
    assert_eq!(preview["counts"]["read"], json!(3));
    assert_eq!(preview["counts"]["error"], json!(1));
    assert_eq!(preview["columns"][2]["field"], json!("phone"));
    let id = preview["id"].as_str().unwrap().to_owned();

    let errors = invoke(&h, "import_rows", json!({"id": id, "query": {"status": "error", "page": 1, "pageSize": 50}}))
        .expect("the rows in error");
    assert_eq!(errors["total"], json!(1));
    assert_eq!(errors["items"][0]["row"], json!(4), "the row as the file numbers it");
    assert_eq!(errors["items"][0]["issues"][0]["column"], json!("手机号码"));

    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = progress.clone();
    h._app.listen_any("import-progress", move |event| seen.lock().unwrap().push(event.payload().to_owned()));
    let report = invoke(&h, "import_commit", json!({"id": id})).expect("the import is written");
    assert_eq!((report["imported"].clone(), report["written"].clone()), (json!(2), json!(true)));
    let last: Value = serde_json::from_str(progress.lock().unwrap().last().expect("progress was reported")).unwrap();
    assert_eq!(last, json!({"id": id, "done": 2, "total": 2}));
    assert_eq!(list(&h)["total"], json!(2));

    let rejects = h.out.path().join("未导入的行.xlsx");
    assert_eq!(invoke(&h, "save_import_rejects", json!({"id": id, "path": rejects})).unwrap(), json!(1));
    assert!(rejects.is_file());

    let template = h.out.path().join("技术需求征集表模板.xlsx");
    invoke(&h, "save_import_template", json!({"kind": "needs", "path": template})).expect("the template is saved");
    assert!(template.is_file());

    let history = invoke(&h, "list_imports", json!({})).unwrap();
    assert_eq!(history[0]["imported"], json!(2));
    let undone = invoke(&h, "undo_import", json!({"id": history[0]["id"]})).expect("the import is undone");
    assert!(undone["undoneAt"].is_string());
    assert_eq!(list(&h)["total"], json!(0));

    let gone =
        invoke(&h, "import_rows", json!({"id": "no-such-preview", "query": {"page": 1, "pageSize": 50}})).unwrap_err();
    assert_eq!(gone["code"], json!("not_found"));
    let bad = json!({"path": h.out.path().join("nope.xlsx"), "kind": "experts", "sheet": null, "mapping": null,
        "onDuplicate": "skip", "onError": "skip"});
    let err = invoke(&h, "import_preview", json!({"request": bad})).unwrap_err();
    assert_eq!(err["code"], json!("import_file"), "{err}");
}

/// Exports a package of `h`'s ledger through the commands into its `out` folder; the report.
fn export_package(h: &Harness, name: &str, full: bool, password: Option<&str>) -> Value {
    let path = h.out.path().join(name);
    let args = json!({"path": path, "full": full, "password": password, "jobId": format!("pkg-{name}")});
    invoke(h, "export_package", args).expect("the package is written")
}

#[test]
fn packages_are_exported_previewed_merged_with_progress_undone_and_their_conflicts_decided_through_the_commands() {
    use std::sync::{Arc, Mutex};
    use tauri::Listener;

    let origin = harness();
    let superior = harness();
    invoke(&origin, "save_report_settings", json!({"settings": {"reportingUnit": "甲县科技局", "reporter": "王芳"}}))
        .unwrap();
    let identity = invoke(&origin, "exchange_identity", json!({})).unwrap();
    assert_eq!(identity["name"], json!("甲县科技局"));
    let firm = invoke(
        &origin,
        "create_enterprise",
        json!({"input": {"name": "宁波甬新材料科技有限公司", "creditCode": "91350100M000100Y43", "address": "甬江路1号"}}),
    )
    .unwrap();
    let firm_id = firm["record"]["id"].as_str().unwrap().to_owned();
    invoke(&origin, "create_expert", json!({"input": {"name": "张伟", "title": "senior"}})).unwrap();

    let first = export_package(&origin, "甲县-1.stlx", false, None);
    assert_eq!((first["packageSeq"].clone(), first["scope"].clone()), (json!(1), json!("full")));
    assert_eq!((first["counts"]["enterprises"].clone(), first["counts"]["experts"].clone()), (json!(1), json!(1)));
    let file = first["file"].as_str().unwrap().to_owned();
    invoke(&origin, "reveal_export", json!({"path": file})).expect_err("the mock runtime has no file manager");
    let own = invoke(&origin, "preview_packages", json!({"packages": [{"path": file}]})).unwrap();
    assert_eq!(own[0]["error"]["code"], json!("own_package"), "{own}");
    let stray = h_file(&superior, "not-a-package.stlx", b"hello");
    let wrong_kind =
        invoke(&superior, "preview_packages", json!({"packages": [{"path": h_file(&superior, "x.xlsx", b"")}]}));
    assert_eq!(wrong_kind.unwrap_err()["code"], json!("validation"), "only .stlx files are read");

    let previews =
        invoke(&superior, "preview_packages", json!({"packages": [{"path": file}, {"path": stray}]})).unwrap();
    assert_eq!(previews[0]["report"]["origin"]["name"], json!("甲县科技局"));
    assert_eq!(previews[0]["report"]["totals"]["new"], json!(2), "{previews}");
    assert_eq!(previews[0]["report"]["written"], json!(false));
    assert_eq!(previews[1]["error"]["code"], json!("not_a_package"));
    assert_eq!(
        invoke(&superior, "list_enterprises", json!({"query": {}})).unwrap()["total"],
        json!(0),
        "a preview writes nothing"
    );

    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = progress.clone();
    superior._app.listen_any("exchange-progress", move |event| seen.lock().unwrap().push(event.payload().to_owned()));
    let merged = invoke(&superior, "merge_packages", json!({"paths": [file], "jobId": "merge-1"})).unwrap();
    assert_eq!(merged[0]["report"]["written"], json!(true), "{merged}");
    let last: Value = serde_json::from_str(progress.lock().unwrap().last().expect("progress was reported")).unwrap();
    assert_eq!(last, json!({"jobId": "merge-1", "done": last["total"], "total": last["total"]}));
    let again = invoke(&superior, "merge_packages", json!({"paths": [file], "jobId": "merge-2"})).unwrap_err();
    assert_eq!(again["fields"][0]["field"], json!("paths"), "a merged package must be chosen again");

    let merges = invoke(&superior, "list_merges", json!({})).unwrap();
    assert_eq!(merges[0]["origin"]["name"], json!("甲县科技局"));
    invoke(&superior, "undo_merge", json!({"id": merges[0]["id"]})).expect("the merge is undone");
    assert_eq!(invoke(&superior, "list_enterprises", json!({"query": {}})).unwrap()["total"], json!(0));
    invoke(&superior, "preview_packages", json!({"packages": [{"path": file}]})).unwrap();
    invoke(&superior, "merge_packages", json!({"paths": [file], "jobId": "merge-3"})).unwrap();

    // Both sides edit the enterprise's address: the next package's value waits in 待处理冲突.
    let edit = |h: &Harness, address: &str| {
        let now = invoke(h, "get_enterprise", json!({"id": firm_id})).unwrap();
        let input = json!({"name": now["name"], "creditCode": now["creditCode"], "address": address});
        invoke(h, "update_enterprise", json!({"id": firm_id, "expectedRevision": now["revision"], "input": input}))
            .expect("the enterprise is edited");
    };
    edit(&superior, "甬江路2号");
    edit(&origin, "甬江路3号");
    let second = export_package(&origin, "甲县-2.stlx", false, Some("包口令"));
    assert_eq!((second["scope"].clone(), second["encrypted"].clone()), (json!("changes"), json!(true)));
    let written = invoke(&origin, "package_exports", json!({})).unwrap();
    let seqs: Vec<_> = written.as_array().unwrap().iter().map(|p| (p["seq"].clone(), p["sinceSeq"].clone())).collect();
    assert_eq!(seqs, [(json!(2), json!(1)), (json!(1), json!(null))], "newest first: {written}");
    let path = second["file"].as_str().unwrap().to_owned();
    let locked = invoke(&superior, "preview_packages", json!({"packages": [{"path": path}]})).unwrap();
    assert_eq!(locked[0]["error"]["code"], json!("locked"), "an encrypted package needs its password");
    let opened =
        invoke(&superior, "preview_packages", json!({"packages": [{"path": path, "password": "包口令"}]})).unwrap();
    assert_eq!(opened[0]["report"]["totals"]["conflicts"], json!(1), "{opened}");
    invoke(&superior, "merge_packages", json!({"paths": [path], "jobId": "merge-4"})).unwrap();

    let conflicts = invoke(&superior, "list_conflicts", json!({})).unwrap();
    let conflict = &conflicts.as_array().unwrap().iter().find(|c| c["field"] == json!("address")).expect("{conflicts}");
    assert_eq!(conflict["recordName"], json!("宁波甬新材料科技有限公司"));
    assert_eq!((conflict["local"].clone(), conflict["incoming"].clone()), (json!("甬江路2号"), json!("甬江路3号")));
    assert_eq!(conflict["origin"]["name"], json!("甲县科技局"));
    let ids: Vec<Value> = conflicts.as_array().unwrap().iter().map(|c| c["id"].clone()).collect();
    let decided = invoke(&superior, "resolve_conflicts", json!({"ids": ids, "resolution": "take_incoming"})).unwrap();
    assert_eq!(decided.as_array().unwrap().len(), ids.len());
    assert_eq!(invoke(&superior, "get_enterprise", json!({"id": firm_id})).unwrap()["address"], json!("甬江路3号"));
    assert_eq!(invoke(&superior, "list_conflicts", json!({})).unwrap(), json!([]));
    let twice = invoke(&superior, "resolve_conflicts", json!({"ids": ids, "resolution": "keep_local"})).unwrap_err();
    assert_eq!(twice["code"], json!("not_found"), "a conflict is decided once");
}

/// Writes `bytes` to `name` in `h`'s folder for picked files; its path.
fn h_file(h: &Harness, name: &str, bytes: &[u8]) -> String {
    let path = h.out.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[test]
fn one_preview_is_kept_a_second_file_replaces_the_first() {
    let h = harness();
    let preview = |name: &str| {
        let file = h.out.path().join(name);
        std::fs::write(&file, "姓名,职称,手机号码\n张伟,教授,13800138001\n").unwrap();
        let request = json!({"path": file, "kind": "experts", "sheet": null, "mapping": null, "onDuplicate": "skip",
            "onError": "skip"});
        invoke(&h, "import_preview", json!({"request": request})).unwrap()["id"].as_str().unwrap().to_owned()
    };
    let rows = |id: &str| invoke(&h, "import_rows", json!({"id": id, "query": {"page": 1, "pageSize": 50}}));
    let first = preview("一.csv");
    assert!(rows(&first).is_ok());
    let second = preview("二.csv");
    assert_eq!(rows(&first).unwrap_err()["code"], json!("not_found"), "the first preview's memory is let go");
    assert_eq!(rows(&second).unwrap()["total"], json!(1));
}

#[test]
fn a_rejected_row_is_corrected_in_the_kept_preview_and_the_corrected_value_imported() {
    let h = harness();
    let file = h.out.path().join("花名册.csv");
    std::fs::write(&file, "姓名,职称,手机号码\n张伟,教授,13800138001\n赵磊,讲师,12345\n").unwrap();
    let request = json!({"path": file, "kind": "experts", "sheet": null, "mapping": null, "onDuplicate": "skip",
        "onError": "skip"});
    let id = invoke(&h, "import_preview", json!({"request": request})).unwrap()["id"].as_str().unwrap().to_owned();
    let correct = |id: &str, row: u32, column: u32, value: &str| {
        invoke(
            &h,
            "correct_import_cell",
            json!({"id": id, "correction": {"row": row, "column": column, "value": value}}),
        )
    };

    let fixed = correct(&id, 3, 2, "13800138003").expect("the row is judged again");
    assert_eq!(fixed["row"]["status"], json!("new"), "{fixed}");
    assert_eq!(fixed["row"]["corrected"], json!([2]));
    assert_eq!((fixed["counts"]["new"].clone(), fixed["counts"]["error"].clone()), (json!(2), json!(0)));
    let rows = invoke(&h, "import_rows", json!({"id": id, "query": {"page": 1, "pageSize": 50}})).unwrap();
    assert_eq!(rows["items"][1]["values"][2], json!("13800138003"), "the kept preview is the corrected one");

    let stale = correct("no-such-preview", 3, 2, "13800138003").unwrap_err();
    assert_eq!(stale["code"], json!("not_found"));
    let no_row = correct(&id, 9, 2, "13800138003").unwrap_err();
    assert_eq!((no_row["code"].clone(), no_row["fields"][0]["field"].clone()), (json!("validation"), json!("row")));

    let report = invoke(&h, "import_commit", json!({"id": id})).expect("the import is written");
    assert_eq!(report["imported"], json!(2));
    let zhao = list(&h)["items"].as_array().unwrap().iter().find(|e| e["name"] == json!("赵磊")).cloned().unwrap();
    assert_eq!(zhao["phone"], json!("13800138003"));
}

#[test]
fn backups_are_listed_made_and_restored_through_the_commands() {
    let h = harness();
    let status = invoke(&h, "startup_status", json!({})).unwrap();
    assert_eq!(status["problem"], Value::Null);
    invoke(&h, "create_expert", json!({"input": {"name": "张伟", "title": "senior", "phone": "13800138001"}})).unwrap();
    let made = invoke(&h, "backup_now", json!({"folder": null})).expect("a backup into the data folder");
    assert_eq!(made["reason"], json!("manual"));
    let usb = h.out.path().join("U盘");
    std::fs::create_dir(&usb).unwrap();
    let copied = invoke(&h, "backup_now", json!({"folder": usb})).expect("a backup to a chosen folder");
    assert!(std::path::Path::new(copied["path"].as_str().unwrap()).starts_with(&usb));
    let listed = invoke(&h, "list_backups", json!({})).unwrap();
    assert!(listed.as_array().unwrap().iter().any(|b| b["fileName"] == made["fileName"]), "{listed}");

    invoke(&h, "create_expert", json!({"input": {"name": "李娜", "title": "senior", "phone": "13800138002"}})).unwrap();
    assert_eq!(list(&h)["total"], json!(2));
    let report = invoke(&h, "restore_backup", json!({"path": made["path"]})).expect("restored");
    assert!(report["safetyBackup"].is_object(), "the current database was backed up first: {report}");
    assert_eq!(list(&h)["total"], json!(1), "back to the backup's one expert");
    assert!(invoke(&h, "backup_notices", json!({})).unwrap().as_array().is_some());

    let err = invoke(&h, "restore_backup", json!({"path": h.out.path().join("没有.sqlite3")})).unwrap_err();
    assert!(err["message"].as_str().is_some_and(|m| !m.is_empty()), "{err}");
    assert_eq!(list(&h)["total"], json!(1), "a failed restore changes nothing");
}

/// The names and sizes of the files under `dir`, recursively (to show a refused command wrote nothing).
fn files_under(dir: &Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push((path.display().to_string(), entry.metadata().unwrap().len()));
        }
    }
    out.sort();
    out
}

#[test]
fn a_path_the_commands_must_not_use_is_refused_and_nothing_is_written() {
    let h = harness();
    wait_for_scheduled_backup(&h); // nothing else writes in the data folder from here
    invoke(&h, "create_expert", json!({"input": {"name": "张伟", "title": "senior", "phone": "13800138001"}})).unwrap();
    let made = invoke(&h, "backup_now", json!({"folder": null})).unwrap();
    let data = h._dir.path();
    let db = data.join("ledger.sqlite3");
    let db_bytes = std::fs::read(&db).unwrap();
    let before = (files_under(data), files_under(h.out.path()));
    let export = |path: Value| {
        let request = json!({"kind": "services", "format": "xlsx", "filter": {"period": "2026"}, "columns": null,
            "includeFullId": false});
        invoke(&h, "export_file", json!({"request": request, "path": path, "jobId": "bad"}))
    };
    let import = |path: Value| {
        let request = json!({"path": path, "kind": "experts", "sheet": null, "mapping": null, "onDuplicate": "skip",
            "onError": "skip"});
        invoke(&h, "import_preview", json!({"request": request}))
    };
    let refusals = [
        ("an export onto the database", export(json!(db))),
        ("an export into the data folder", export(json!(data.join("报表.xlsx")))),
        ("an export onto a backup", export(json!(data.join("backups").join("x.xlsx")))),
        ("an export with a relative path", export(json!("报表.xlsx"))),
        ("an export to a network share", export(json!(r"\\server\share\报表.xlsx"))),
        ("an export whose extension is not the format's", export(json!(h.out.path().join("报表.csv")))),
        ("an import of the database", import(json!(db))),
        ("an import from the data folder", import(json!(data.join("名册.csv")))),
        ("an import from a network share", import(json!("//server/share/名册.xlsx"))),
        (
            "the rejected rows onto the WAL",
            invoke(&h, "save_import_rejects", json!({"id": "x", "path": data.join("ledger.sqlite3-wal")})),
        ),
        (
            "a template into the data folder",
            invoke(&h, "save_import_template", json!({"kind": "experts", "path": data.join("模板.xlsx")})),
        ),
        ("a backup into the data folder", invoke(&h, "backup_now", json!({"folder": data.join("backups")}))),
        ("a backup to a relative folder", invoke(&h, "backup_now", json!({"folder": "U盘"}))),
        ("a restore from the database itself", invoke(&h, "restore_backup", json!({"path": db}))),
        (
            "a restore of a file of another type",
            invoke(&h, "restore_backup", json!({"path": h.out.path().join("x.exe")})),
        ),
        ("a recovery from a network share", invoke(&h, "recover_from_backup", json!({"path": r"\\?\UNC\s\x\b.zip"}))),
        ("a move into the data folder", invoke(&h, "move_data_folder", json!({"to": data.join("新")}))),
        ("showing the database", invoke(&h, "reveal_export", json!({"path": db}))),
    ];
    for (what, answer) in refusals {
        let err = answer.expect_err(what);
        assert_eq!(err["code"], json!("validation"), "{what}: {err}");
        assert_eq!(err["fields"][0]["field"], json!("path"), "{what}: {err}");
        assert!(!err["message"].as_str().unwrap().is_empty() && !err["messageEn"].as_str().unwrap().is_empty());
    }
    assert_eq!((files_under(data), files_under(h.out.path())), before, "nothing was written anywhere");
    assert_eq!(std::fs::read(&db).unwrap(), db_bytes, "the database is byte for byte the same");
    // The backups the data folder offers still restore.
    invoke(&h, "restore_backup", json!({"path": made["path"]})).expect("a backup of the data folder restores");
}

#[test]
fn a_damaged_database_is_offered_its_newest_good_backup_and_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_core::data_folder::paths::db_path(dir.path());
    {
        let ledger = ledger_core::Ledger::open(&db).unwrap();
        ledger
            .create_expert(&ledger_core::model::ExpertInput {
                name: "张伟".into(),
                title: Some(ledger_core::model::ExpertTitle::Senior),
                ..Default::default()
            })
            .unwrap();
        ledger.backup_now(None).unwrap();
    }
    // Damage the file: garbage over its pages after the header.
    let mut bytes = std::fs::read(&db).unwrap();
    let len = bytes.len();
    for b in bytes.iter_mut().skip(4096).take(len.saturating_sub(4096)) {
        *b = 0xA5;
    }
    std::fs::write(&db, bytes).unwrap();

    let h = harness_in(dir);
    let status = settled_status(&h);
    assert!(status["problem"]["code"].is_string(), "{status}");
    let newest = status["newestBackup"]["path"].as_str().expect("the good backup is offered").to_owned();
    assert!(invoke(&h, "list_experts", json!({"query": {"page": 1, "pageSize": 20}})).is_err(), "nothing opens it");
    invoke(&h, "recover_from_backup", json!({"path": newest})).expect("recovered from the backup");
    assert_eq!(list(&h)["total"], json!(1), "the ledger works again with the backup's expert");
    assert_eq!(invoke(&h, "startup_status", json!({})).unwrap()["problem"], Value::Null);
}

/// The start-up status once the start-up check running in the background (if any) has finished.
fn settled_status(h: &Harness) -> Value {
    let started = Instant::now();
    loop {
        let status = invoke(h, "startup_status", json!({})).expect("startup_status answers");
        if status["checking"] == json!(false) {
            return status;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the start-up check still runs after 30 s: {status}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A ledger of 300 experts in `dir`, with a backup, closed as `close` says (true: cleanly, with its marker; false:
/// dropped, as a session that ended without the clean close); answers the database file.
fn ledger_of_300(dir: &Path, close: bool) -> std::path::PathBuf {
    let db = ledger_core::data_folder::paths::db_path(dir);
    let ledger = ledger_core::Ledger::open(&db).unwrap();
    for n in 0..300 {
        let input = ledger_core::model::ExpertInput {
            name: format!("专家{n:03}"),
            title: Some(ledger_core::model::ExpertTitle::Senior),
            ..Default::default()
        };
        ledger.create_expert(&input).unwrap();
    }
    ledger.backup_now(None).unwrap();
    if close {
        ledger.close().unwrap();
    }
    db
}

#[test]
fn after_a_clean_exit_the_app_opens_without_the_check_and_otherwise_checks_in_the_background_while_pages_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_of_300(dir.path(), false);
    assert!(!ledger_core::storage::clean_close::marker_path(&db).exists());

    // Not closed cleanly: the app opens at once, pages read, and a save is held until the check passed.
    let h = harness_in(dir);
    assert_eq!(invoke(&h, "startup_status", json!({})).unwrap()["problem"], Value::Null);
    assert_eq!(list(&h)["total"], json!(300));
    invoke(&h, "create_expert", json!({"input": {"name": "王芳", "title": "senior"}})).expect("saved after the check");
    assert_eq!(settled_status(&h)["problem"], Value::Null);

    // A clean exit leaves the marker; the next start skips the check: nothing is pending from the first answer on.
    let dir = close(h);
    assert!(ledger_core::storage::clean_close::marker_path(&db).is_file());
    let h = harness_in(dir);
    let status = invoke(&h, "startup_status", json!({})).unwrap();
    assert_eq!((&status["problem"], &status["checking"]), (&Value::Null, &json!(false)), "{status}");
    assert_eq!(list(&h)["total"], json!(301));
}

#[test]
fn a_file_damaged_inside_opens_then_its_background_check_brings_the_start_up_screen_and_writes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_of_300(dir.path(), true);
    // Garbage over one page in the middle (the experts table's pages), the header intact: the file opens, and only
    // the full check finds the damage.
    let mut bytes = std::fs::read(&db).unwrap();
    let pages = bytes.len() / 4096;
    for b in bytes.iter_mut().skip(pages / 2 * 4096).take(4096) {
        *b = 0xA5;
    }
    std::fs::write(&db, bytes).unwrap();

    let h = harness_in(dir);
    let status = settled_status(&h);
    assert_eq!(status["problem"]["code"], json!("integrity"), "{status}");
    let newest = status["newestBackup"]["path"].as_str().expect("the good backup is offered").to_owned();
    let refused = invoke(&h, "create_expert", json!({"input": {"name": "王芳", "title": "senior"}}));
    assert_eq!(error_code(refused), json!("integrity"), "nothing is written to the damaged file");
    invoke(&h, "recover_from_backup", json!({"path": newest})).expect("recovered from the backup");
    assert_eq!(list(&h)["total"], json!(300));
    assert_eq!(settled_status(&h)["problem"], Value::Null);
}

#[test]
fn a_ledger_held_by_another_program_at_start_up_opens_on_retry_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_core::data_folder::paths::db_path(dir.path());
    let other = ledger_core::Ledger::open(&db).unwrap();
    let h = harness_in(dir);
    let status = invoke(&h, "startup_status", json!({})).unwrap();
    assert_eq!(status["problem"]["code"], json!("in_use"), "{status}");
    let still = invoke(&h, "retry_open", json!({})).expect("a retry answers the status");
    assert_eq!(still["problem"]["code"], json!("in_use"), "still held: the same problem, {still}");
    assert!(invoke(&h, "list_experts", json!({"query": {}})).is_err());

    drop(other); // the person closed the other window
    let status = invoke(&h, "retry_open", json!({})).expect("a retry answers the status");
    assert_eq!(status["problem"], Value::Null, "{status}");
    assert_eq!(list(&h)["total"], json!(0), "the ledger works, in the same app");
    let again = invoke(&h, "retry_open", json!({})).unwrap();
    assert_eq!(again["problem"], Value::Null, "a retry with the ledger open leaves it open");
}

/// The permissions of plugins the window is granted besides the app's own commands: listening to the export and
/// import progress events, and the native save and open dialogs.
const PLUGIN_PERMISSIONS: &[&str] =
    &["core:event:allow-listen", "core:event:allow-unlisten", "dialog:allow-save", "dialog:allow-open"];

#[test]
fn the_capability_file_grants_exactly_the_command_list_and_the_plugin_permissions() {
    let file: Value = serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
    let granted: BTreeSet<&str> =
        file["permissions"].as_array().expect("a list of permissions").iter().map(|p| p.as_str().unwrap()).collect();
    let expected: BTreeSet<String> = COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .chain(PLUGIN_PERMISSIONS.iter().map(|p| p.to_string()))
        .collect();
    let missing: Vec<_> = expected.iter().filter(|p| !granted.contains(p.as_str())).collect();
    let extra: Vec<_> = granted.iter().filter(|p| !expected.contains(**p)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "capabilities/default.json must grant exactly src-tauri/src/command_list.rs and {PLUGIN_PERMISSIONS:?}; \
         missing {missing:?}, not in the list {extra:?}"
    );
    assert_eq!(granted.len(), file["permissions"].as_array().unwrap().len(), "no permission granted twice");
}

#[test]
fn the_integrity_check_lists_orphaned_files_and_the_reconciliation_moves_them_aside() {
    let h = harness();
    let name = "0191d0f2-aaaa-7bbb-8ccc-000000000001.png";
    let orphan = h._dir.path().join("attachments").join("2026").join(name);
    std::fs::create_dir_all(orphan.parent().unwrap()).unwrap();
    std::fs::write(&orphan, b"\x89PNG left by a crash").unwrap();
    let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(7200);
    std::fs::File::options().write(true).open(&orphan).unwrap().set_modified(two_hours_ago).unwrap();

    let report = invoke(&h, "check_integrity", json!({})).unwrap();
    assert_eq!(report["ok"], json!(true), "{report}");
    assert_eq!(report["orphanFiles"], json!([format!("attachments/2026/{name}")]));
    let reconciled = invoke(&h, "reconcile_attachments", json!({})).unwrap();
    let to = reconciled["moved"][0]["to"].as_str().expect("moved").to_owned();
    assert!(to.starts_with("attachments-orphaned/"), "{reconciled}");
    assert!(h._dir.path().join(&to).is_file() && !orphan.exists(), "moved, not deleted");
    assert_eq!(invoke(&h, "check_integrity", json!({})).unwrap()["orphanFiles"], json!([]));
}

#[test]
fn every_command_of_the_list_is_registered_and_allowed() {
    let h = harness();
    assert!(COMMANDS.len() >= 80 && COMMANDS.contains(&"app_info") && COMMANDS.contains(&"backup_notices"));
    let unique: BTreeSet<_> = COMMANDS.iter().collect();
    assert_eq!(unique.len(), COMMANDS.len(), "no command listed twice");
    for command in COMMANDS {
        // Invoked without arguments most commands refuse them, but with their own error: neither the ACL's refusal
        // (no permission) nor an unknown command.
        if let Err(err) = invoke(&h, command, json!({})) {
            let text = err.to_string();
            assert!(
                !text.contains("not allowed") && !text.contains("not found"),
                "{command} is not reachable from the window: {text}"
            );
        }
        let unknown = invoke(&h, &format!("{command}_not_in_the_list"), json!({})).unwrap_err().to_string();
        assert!(unknown.contains("not found") || unknown.contains("not allowed"), "{unknown}");
    }
}

/// The TypeScript union of the command names, as ui/src/api/bindings/Command.ts holds it.
fn command_type() -> String {
    let mut text = String::from(
        "// Generated from src-tauri/src/command_list.rs by src-tauri/tests/commands.rs (`cargo xtask bindings`). \
         Do not edit this file manually.\n\n/**\n * The name of every command the UI may invoke.\n */\nexport type Command =\n",
    );
    for (i, command) in COMMANDS.iter().enumerate() {
        let end = if i + 1 == COMMANDS.len() { ";" } else { "" };
        text.push_str(&format!("  | \"{command}\"{end}\n"));
    }
    text
}

#[test]
fn the_typescript_command_type_matches_the_command_list() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/api/bindings/Command.ts");
    let text = command_type();
    if std::env::var_os("UPDATE_TS_BINDINGS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == text,
        "ui/src/api/bindings/Command.ts drifted from src-tauri/src/command_list.rs; run `cargo xtask bindings` and \
         commit the result"
    );
}

#[test]
fn the_days_backup_is_made_in_the_background_after_opening() {
    wait_for_scheduled_backup(&harness());
}

/// Waits (up to a minute) until the day's backup, made in the background after opening, is listed.
fn wait_for_scheduled_backup(h: &Harness) {
    let started = Instant::now();
    loop {
        let backups = invoke(h, "list_backups", json!({})).expect("list_backups succeeds");
        let reasons: Vec<_> = backups.as_array().unwrap().iter().map(|b| b["reason"].clone()).collect();
        if reasons.iter().any(|r| r == "daily" || r == "weekly" || r == "monthly") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no scheduled backup after a minute: {backups}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

// ---- The app password: the lock screen, the wait after wrong tries, the idle lock (src-tauri/src/lock.rs) ----

/// The app on `dir` with cheap password stretching and the idle time given (`None`: never).
fn password_harness(dir: tempfile::TempDir, idle: Option<Duration>) -> Harness {
    harness_with(dir, |state| state.for_tests(ledger_core::storage::crypto::KdfParams::cheap_for_tests(), idle))
}

/// Closes the app and starts it again on the same data folder.
fn restart(h: Harness) -> Harness {
    password_harness(close(h), None)
}

/// Closes the app (its ledger and idle timer: the timer's handle would keep the ledger open) and hands back its data
/// folder.
fn close(h: Harness) -> tempfile::TempDir {
    use tauri::Manager;
    let Harness { _app, window, _dir, .. } = h;
    _app.state::<AppState>().close();
    drop((window, _app));
    _dir
}

fn error_code(answer: Result<Value, Value>) -> Value {
    answer.expect_err("the command is refused")["code"].clone()
}

/// A ledger with one expert and the password `secret-pass-1`; answers the app and the recovery code.
fn encrypted_ledger() -> (Harness, String) {
    let h = password_harness(tempfile::tempdir().unwrap(), None);
    invoke(&h, "create_expert", json!({"input": {"name": "王芳", "title": "senior"}})).unwrap();
    let code = invoke(&h, "set_password", json!({"newPassword": "secret-pass-1"})).expect("the password is set");
    let code = code.as_str().expect("the recovery code is a string").to_owned();
    assert!(code.len() >= 20, "{code}");
    assert_eq!(list(&h)["total"], json!(1), "the ledger is open with its password after the conversion");
    (restart(h), code)
}

#[test]
fn an_encrypted_ledger_starts_locked_and_opens_with_its_password_or_recovery_code() {
    let (h, code) = encrypted_ledger();
    let status = invoke(&h, "lock_status", json!({})).unwrap();
    assert_eq!((&status["passwordSet"], &status["locked"]), (&json!(true), &json!(true)), "{status}");
    assert_eq!(error_code(invoke(&h, "list_experts", json!({"query": {"page": 1, "pageSize": 20}}))), json!("locked"));
    assert_eq!(error_code(invoke(&h, "app_info", json!({}))), json!("locked"));
    let startup = invoke(&h, "startup_status", json!({})).unwrap();
    assert_eq!(startup["problem"]["code"], json!("locked"));
    assert_eq!(startup["newestBackup"], Value::Null, "locked is no problem a backup solves");

    assert_eq!(error_code(invoke(&h, "unlock", json!({"secret": "wrong-pass"}))), json!("wrong_password"));
    assert_eq!(invoke(&h, "lock_status", json!({})).unwrap()["locked"], json!(true));
    invoke(&h, "unlock", json!({"secret": "secret-pass-1"})).expect("the right password opens");
    assert_eq!(list(&h)["total"], json!(1), "the data is there");
    assert_eq!(invoke(&h, "lock_status", json!({})).unwrap()["locked"], json!(false));

    assert_eq!(invoke(&h, "lock_now", json!({})).unwrap(), json!(true));
    assert_eq!(error_code(invoke(&h, "app_info", json!({}))), json!("locked"));
    invoke(&h, "unlock", json!({"secret": code})).expect("the recovery code opens too");
    assert_eq!(list(&h)["total"], json!(1));
}

#[test]
fn after_five_wrong_tries_in_a_row_the_next_try_waits() {
    let (h, _) = encrypted_ledger();
    for _ in 0..5 {
        assert_eq!(error_code(invoke(&h, "unlock", json!({"secret": "wrong-pass"}))), json!("wrong_password"));
    }
    let refused = invoke(&h, "unlock", json!({"secret": "secret-pass-1"})).expect_err("the sixth try waits");
    assert_eq!(refused["code"], json!("too_many_attempts"), "{refused}");
    assert_eq!(refused["fields"][0]["field"], json!("secret"), "the wait is said beside the field");
    let status = invoke(&h, "lock_status", json!({})).unwrap();
    assert!(status["retryAfterSeconds"].as_u64().unwrap() > 0, "{status}");
    assert_eq!(status["locked"], json!(true), "even the right password waits");
}

#[test]
fn the_password_is_set_changed_and_removed_through_commands() {
    let (h, code) = encrypted_ledger();
    invoke(&h, "unlock", json!({"secret": "secret-pass-1"})).unwrap();
    let change =
        |secret: &str| invoke(&h, "change_password", json!({"secret": secret, "newPassword": "secret-pass-2"}));
    assert_eq!(error_code(change("not-the-password")), json!("wrong_password"));
    assert_eq!(list(&h)["total"], json!(1), "a refused change leaves the ledger open");
    let new_code = change(&code).expect("the recovery code changes the password");
    let new_code = new_code.as_str().expect("the change answers the new recovery code").to_owned();
    assert_ne!(new_code, code, "re-keyed: a new recovery code");
    assert_eq!(list(&h)["total"], json!(1));

    let h = restart(h);
    assert_eq!(error_code(invoke(&h, "unlock", json!({"secret": "secret-pass-1"}))), json!("wrong_password"));
    assert_eq!(error_code(invoke(&h, "unlock", json!({"secret": code}))), json!("wrong_password"), "the old code");
    invoke(&h, "unlock", json!({"secret": new_code})).expect("the new recovery code opens");
    assert_eq!(
        error_code(invoke(&h, "remove_password", json!({"secret": "secret-pass-1"}))),
        json!("wrong_password"),
        "turning it off takes the password"
    );
    invoke(&h, "remove_password", json!({"secret": "secret-pass-2"})).expect("the password is removed");
    let status = invoke(&h, "lock_status", json!({})).unwrap();
    assert_eq!((&status["passwordSet"], &status["locked"]), (&json!(false), &json!(false)), "{status}");
    assert_eq!(invoke(&h, "lock_now", json!({})).unwrap(), json!(false), "a plain ledger does not lock");

    let h = restart(h);
    assert_eq!(list(&h)["total"], json!(1), "the plain ledger opens without a password, its data there");
}

#[test]
fn the_app_locks_itself_when_idle_and_tells_the_ui() {
    use tauri::Listener;
    let dir = tempfile::tempdir().unwrap();
    let h = password_harness(dir, Some(Duration::from_millis(300)));
    invoke(&h, "set_password", json!({"newPassword": "secret-pass-1"})).unwrap();
    let told = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = told.clone();
    h._app.listen(st_ledger_app::LOCKED_EVENT, move |_| flag.store(true, std::sync::atomic::Ordering::SeqCst));
    let started = Instant::now();
    // lock_status is no activity: polling it does not keep the app awake.
    while invoke(&h, "lock_status", json!({})).unwrap()["locked"] != json!(true) {
        assert!(started.elapsed() < Duration::from_secs(60), "the app did not lock itself within a minute");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(error_code(invoke(&h, "app_info", json!({}))), json!("locked"), "the open ledger was dropped");
    while !told.load(std::sync::atomic::Ordering::SeqCst) {
        assert!(started.elapsed() < Duration::from_secs(60), "the UI was not told");
        std::thread::sleep(Duration::from_millis(20));
    }
    invoke(&h, "unlock", json!({"secret": "secret-pass-1"})).expect("it opens again");
}

#[test]
fn the_idle_time_is_saved_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let h = password_harness(dir, None);
    assert_eq!(invoke(&h, "lock_status", json!({})).unwrap()["idleLockMinutes"], Value::Null);
    invoke(&h, "set_idle_lock", json!({"minutes": 5})).unwrap();
    assert_eq!(invoke(&h, "lock_status", json!({})).unwrap()["idleLockMinutes"], json!(5));
    let h = harness_in(close(h));
    assert_eq!(invoke(&h, "lock_status", json!({})).unwrap()["idleLockMinutes"], json!(5), "kept after a restart");
    invoke(&h, "set_idle_lock", json!({"minutes": null})).unwrap();
    assert_eq!(invoke(&h, "lock_status", json!({})).unwrap()["idleLockMinutes"], Value::Null, "off is allowed");
}

/// A URL from its text.
fn url(text: &str) -> tauri::Url {
    text.parse().unwrap()
}

#[test]
fn navigation_the_apps_own_pages_are_allowed() {
    for ok in [
        "tauri://localhost",
        "tauri://localhost/index.html#/experts",
        "http://tauri.localhost/",
        "https://tauri.localhost/x?y=1",
    ] {
        assert!(st_ledger_app::is_app_url(&url(ok), None), "{ok}");
    }
}

#[test]
fn navigation_to_every_other_place_is_refused() {
    for bad in [
        "https://example.com/",
        "http://tauri.localhost.example.com/",
        "http://tauri.localhost:8080/",
        "tauri://evil",
        "file:///etc/passwd",
        "file://server/share/x.html",
        "data:text/html,<script>alert(1)</script>",
        "javascript:alert(1)",
        "http://localhost:1420/",
        "about:blank",
    ] {
        assert!(!st_ledger_app::is_app_url(&url(bad), None), "{bad}");
    }
}

#[test]
fn navigation_in_a_development_build_also_allows_the_dev_servers_origin_only() {
    let dev = url("http://localhost:1420");
    assert!(st_ledger_app::is_app_url(&url("http://localhost:1420/#/settings"), Some(&dev)));
    assert!(st_ledger_app::is_app_url(&url("tauri://localhost/"), Some(&dev)));
    for bad in ["http://localhost:1421/", "https://localhost:1420/", "http://127.0.0.1:1420/", "https://example.com/"] {
        assert!(!st_ledger_app::is_app_url(&url(bad), Some(&dev)), "{bad}");
    }
}

#[test]
fn an_encrypted_ledger_s_attachment_is_sealed_on_disk_and_its_viewer_copy_goes_when_the_app_locks() {
    use tauri::Manager;
    let (h, _) = encrypted_ledger();
    invoke(&h, "unlock", json!({"secret": "secret-pass-1"})).unwrap();
    let v = visit(&h);
    let png = b"\x89PNG\r\n\x1a\n a stamped confirmation".to_vec();
    let answer = invoke_raw(
        &h,
        "add_attachment",
        InvokeBody::Raw(png.clone()),
        &[("x-owner-kind", "visit"), ("x-owner-id", v["id"].as_str().unwrap()), ("x-file-name", "scan.png")],
    )
    .expect("the upload is stored");
    let id = answer.deserialize::<Value>().unwrap()["id"].as_str().unwrap().to_owned();
    match invoke_raw(&h, "attachment_bytes", InvokeBody::Json(json!({"id": id})), &[]) {
        Ok(InvokeResponseBody::Raw(bytes)) => assert_eq!(bytes, png, "the thumbnail is decrypted"),
        other => panic!("expected raw bytes, got {other:?}"),
    }
    let state = h._app.state::<AppState>();
    let stored = {
        let id = id.clone();
        tauri::async_runtime::block_on(state.run(move |l| l.attachment_path(&id))).unwrap()
    };
    assert!(!std::fs::read(&stored).unwrap().starts_with(b"\x89PNG"), "sealed on disk");
    // What open_attachment hands the system viewer (the opener itself is not run here).
    let copy = tauri::async_runtime::block_on(state.run(move |l| l.attachment_for_viewer(&id))).unwrap();
    assert_eq!(std::fs::read(&copy).unwrap(), png);
    assert!(!copy.starts_with(state.data_dir()), "the copy is outside the data folder");
    assert_eq!(invoke(&h, "lock_now", json!({})).unwrap(), json!(true));
    let started = Instant::now();
    // The ledger is dropped when the last command using it (and the day's backup) let go.
    while copy.exists() {
        assert!(started.elapsed() < Duration::from_secs(60), "the decrypted copy outlived the lock");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_encrypted_backup_restores_and_recovers_elsewhere_after_its_password_is_given() {
    let (h, _) = encrypted_ledger();
    invoke(&h, "unlock", json!({"secret": "secret-pass-1"})).unwrap();
    let usb = tempfile::tempdir().unwrap();
    let made = invoke(&h, "backup_now", json!({"folder": usb.path()})).expect("a backup to a stick");
    let archive = made["path"].as_str().unwrap().to_owned();
    drop(close(h));

    // 设置 → 从备份恢复 on a plain ledger: `locked` first, the UI asks for the backup's password.
    let plain = harness();
    assert_eq!(error_code(invoke(&plain, "restore_backup", json!({"path": archive}))), json!("locked"));
    let wrong = invoke(&plain, "restore_backup", json!({"path": archive, "secret": "wrong-pass"}));
    assert_eq!(error_code(wrong), json!("wrong_password"));
    assert_eq!(list(&plain)["total"], json!(0), "nothing restored");
    invoke(&plain, "restore_backup", json!({"path": archive, "secret": "secret-pass-1"})).expect("restored");
    assert_eq!(list(&plain)["total"], json!(1));

    // The start-up screen of a data folder whose database is lost: the encrypted backup is offered and recovered.
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    std::fs::copy(&archive, backups.join(made["fileName"].as_str().unwrap())).unwrap();
    let h = harness_in(dir);
    let status = invoke(&h, "startup_status", json!({})).unwrap();
    assert_eq!(status["problem"]["code"], json!("ledger_missing"), "{status}");
    let newest = status["newestBackup"]["path"].as_str().expect("the encrypted backup is offered").to_owned();
    assert_eq!(error_code(invoke(&h, "recover_from_backup", json!({"path": newest}))), json!("locked"));
    let wrong = invoke(&h, "recover_from_backup", json!({"path": newest, "secret": "wrong-pass"}));
    assert_eq!(error_code(wrong), json!("wrong_password"));
    invoke(&h, "recover_from_backup", json!({"path": newest, "secret": "secret-pass-1"})).expect("recovered");
    assert_eq!(list(&h)["total"], json!(1));
    assert_eq!(invoke(&h, "lock_status", json!({})).unwrap()["passwordSet"], json!(true));
}

#[test]
fn after_the_password_is_set_the_plain_backups_are_listed_and_re_encrypted_or_removed() {
    let h = password_harness(tempfile::tempdir().unwrap(), None);
    invoke(&h, "create_expert", json!({"input": {"name": "王芳", "title": "senior"}})).unwrap();
    invoke(&h, "backup_now", json!({"folder": null})).unwrap();
    invoke(&h, "backup_now", json!({"folder": null})).unwrap();
    assert_eq!(invoke(&h, "plain_backups", json!({})).unwrap(), json!([]), "a plain ledger: no question");
    invoke(&h, "set_password", json!({"newPassword": "secret-pass-1"})).unwrap();
    let plain = invoke(&h, "plain_backups", json!({})).unwrap();
    assert!(plain.as_array().unwrap().len() >= 2, "{plain}");
    assert!(plain.as_array().unwrap().iter().all(|b| b["encrypted"] == json!(false)));

    let bad = invoke(&h, "settle_plain_backups", json!({"action": "shred"}));
    assert_eq!(error_code(bad), json!("validation"));
    assert_eq!(invoke(&h, "plain_backups", json!({})).unwrap(), plain, "nothing changed");
    let left = invoke(&h, "settle_plain_backups", json!({"action": "encrypt"})).expect("re-encrypted");
    assert_eq!(left, json!([]));
    let listed = invoke(&h, "list_backups", json!({})).unwrap();
    assert!(listed.as_array().unwrap().iter().all(|b| b["encrypted"] == json!(true)), "{listed}");
    assert_eq!(invoke(&h, "settle_plain_backups", json!({"action": "remove"})).unwrap(), json!([]));
    assert_eq!(invoke(&h, "list_backups", json!({})).unwrap(), listed, "no plain backup left to remove");
}

/// The length of the data folder's WAL (0 when there is none).
fn wal_len(dir: &Path) -> u64 {
    std::fs::metadata(dir.join("ledger.sqlite3-wal")).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn locking_and_exiting_close_the_ledger_with_its_wal_checkpointed() {
    let (h, _) = encrypted_ledger();
    invoke(&h, "unlock", json!({"secret": "secret-pass-1"})).unwrap();
    invoke(&h, "create_expert", json!({"input": {"name": "李娜", "title": "senior"}})).unwrap();
    let dir = h._dir.path().to_owned();
    assert!(wal_len(&dir) > 0, "the save sits in the WAL");
    assert_eq!(invoke(&h, "lock_now", json!({})).unwrap(), json!(true));
    let until = Instant::now() + Duration::from_secs(30);
    while wal_len(&dir) > 0 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(wal_len(&dir), 0, "locking closed the ledger: WAL checkpointed and truncated");

    invoke(&h, "unlock", json!({"secret": "secret-pass-1"})).expect("the lock was let go: it opens again");
    invoke(&h, "create_expert", json!({"input": {"name": "赵强", "title": "senior"}})).unwrap();
    assert!(wal_len(&dir) > 0);
    let dir = close(h);
    assert_eq!(wal_len(dir.path()), 0, "the exit closed the ledger cleanly");
}

#[test]
fn a_damaged_encrypted_ledger_unlocks_to_the_start_up_screen_and_recovers_with_its_password() {
    let (h, _) = encrypted_ledger();
    invoke(&h, "unlock", json!({"secret": "secret-pass-1"})).unwrap();
    invoke(&h, "backup_now", json!({"folder": null})).expect("an encrypted backup");
    let dir = close(h);
    let db = ledger_core::data_folder::paths::db_path(dir.path());
    let mut bytes = std::fs::read(&db).unwrap();
    let len = bytes.len();
    for b in bytes.iter_mut().skip(4096).take(len.saturating_sub(4096)) {
        *b = 0xA5;
    }
    std::fs::write(&db, bytes).unwrap();

    let h = password_harness(dir, None);
    assert_eq!(invoke(&h, "startup_status", json!({})).unwrap()["problem"]["code"], json!("locked"));
    assert_eq!(error_code(invoke(&h, "unlock", json!({"secret": "wrong-pass"}))), json!("wrong_password"));
    invoke(&h, "unlock", json!({"secret": "secret-pass-1"})).expect("the password was right");
    let status = settled_status(&h);
    assert_eq!(status["problem"]["code"], json!("integrity"), "{status}");
    let newest = status["newestBackup"]["path"].as_str().expect("the encrypted backup is offered").to_owned();
    assert_eq!(error_code(invoke(&h, "recover_from_backup", json!({"path": newest}))), json!("locked"));
    invoke(&h, "recover_from_backup", json!({"path": newest, "secret": "secret-pass-1"})).expect("recovered");
    assert_eq!(list(&h)["total"], json!(1));
}

/// The files of `dir` (not its subfolders), by name.
fn file_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

#[test]
fn the_demo_ledger_opens_in_its_own_folder_and_leaves_the_own_ledger_untouched() {
    let h = harness();
    let own_dir = h._dir.path().to_owned();
    invoke(&h, "create_expert", json!({"input": {"name": "王芳", "title": "senior", "phone": "13905712345"}})).unwrap();
    let settings = json!({"settings": {"reportingUnit": "湖州市科技局", "reporter": "王芳"}});
    invoke(&h, "save_report_settings", settings).unwrap();
    // The own ledger's first backup, made in the background after opening, finished.
    let own_backups = wait_for_backups(&own_dir.join("backups"));
    assert_eq!(invoke(&h, "demo_status", json!({})).unwrap(), json!(false));

    invoke(&h, "open_demo_ledger", json!({})).expect("the demo ledger opens");
    assert_eq!(invoke(&h, "demo_status", json!({})).unwrap(), json!(true));
    assert_eq!(list(&h)["total"], json!(50), "the small sample");
    let report = invoke(&h, "report_settings", json!({})).unwrap();
    assert_eq!(report["reportingUnit"], json!(""), "the demo's own settings: {report}");
    let info = invoke(&h, "app_info", json!({})).unwrap();
    assert!(info["dataDir"].as_str().unwrap().ends_with("demo"), "{info}");
    // The sample ends today: its latest visit is no older than a month.
    let visits = invoke(&h, "list_visits", json!({"query": {"page": 1, "pageSize": 1}})).unwrap();
    assert_eq!(visits["total"], json!(600));
    // A change and a backup in the demo stay in the demo's folder.
    invoke(&h, "create_expert", json!({"input": {"name": "李示例", "title": "junior", "phone": "13905712346"}}))
        .unwrap();
    invoke(&h, "backup_now", json!({"folder": null})).expect("a backup of the demo");
    assert!(!file_names(&own_dir.join(DEMO_BACKUPS)).is_empty(), "the demo's backup is in demo/backups");
    assert_eq!(file_names(&own_dir.join("backups")), own_backups, "none in the own ledger's backups");
    let moved = invoke(&h, "move_data_folder", json!({"to": h.out.path().join("elsewhere").to_string_lossy()}));
    assert_eq!(moved.unwrap_err()["code"], json!("validation"), "the demo's folder is not moved");

    invoke(&h, "close_demo_ledger", json!({})).expect("back to the own ledger");
    assert_eq!(invoke(&h, "demo_status", json!({})).unwrap(), json!(false));
    let own = list(&h);
    assert_eq!(own["total"], json!(1), "the own ledger as it was: {own}");
    assert_eq!(own["items"][0]["name"], json!("王芳"));
    assert_eq!(invoke(&h, "report_settings", json!({})).unwrap()["reportingUnit"], json!("湖州市科技局"));

    // Opened again, the demo keeps what was done in it (it is made once).
    invoke(&h, "open_demo_ledger", json!({})).unwrap();
    assert_eq!(list(&h)["total"], json!(51));
    invoke(&h, "close_demo_ledger", json!({})).unwrap();
    assert_eq!(list(&h)["total"], json!(1));
}

/// The backups of `dir` once one is there and none is being written (the day's backup after opening runs in the
/// background).
fn wait_for_backups(dir: &Path) -> BTreeSet<String> {
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        let names = file_names(dir);
        if !names.is_empty() && names.iter().all(|n| n.ends_with(".zip")) {
            return names;
        }
        assert!(Instant::now() < until, "no finished backup in {}: {names:?}", dir.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The demo ledger's backups folder, inside the own data folder.
const DEMO_BACKUPS: &str = "demo/backups";

#[test]
fn the_ledger_is_not_switched_while_a_long_job_runs() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(dir.path());
    let refused = tauri::async_runtime::block_on(state.open_demo(false)).unwrap_err();
    assert_eq!(refused.code, ledger_core::ErrorCode::Busy);
    assert!(refused.message.contains("导出"), "{}", refused.message);
    assert!(!state.is_demo());
    assert!(!dir.path().join("demo").exists(), "nothing made");
    tauri::async_runtime::block_on(state.open_demo(true)).unwrap();
    let refused = tauri::async_runtime::block_on(state.close_demo(false)).unwrap_err();
    assert_eq!(refused.code, ledger_core::ErrorCode::Busy);
    assert!(state.is_demo(), "still the demo");
    tauri::async_runtime::block_on(state.close_demo(true)).unwrap();
    assert!(!state.is_demo());
    state.close();
}

#[test]
fn the_operator_set_in_the_settings_names_later_changes_in_the_history() {
    let h = harness();
    assert_eq!(invoke(&h, "operator_name", json!({})).unwrap(), json!(""));
    assert_eq!(invoke(&h, "save_operator_name", json!({"name": " 王敏 "})).unwrap(), json!("王敏"));
    let created =
        invoke(&h, "create_expert", json!({"input": {"name": "孙丽", "title": "junior", "phone": "13905712347"}}))
            .unwrap();
    let history = invoke(&h, "record_history", json!({"entity": "expert", "id": created["id"]})).unwrap();
    assert_eq!(history[0]["actor"], json!("王敏"), "{history}");
    let refused = invoke(&h, "save_operator_name", json!({"name": "王".repeat(101)})).unwrap_err();
    assert_eq!(refused["fields"][0]["field"], json!("operator"));
}

#[test]
fn a_follow_up_is_closed_with_a_note_and_reopened_through_the_commands() {
    let h = harness();
    let firm = invoke(
        &h,
        "create_enterprise",
        json!({"input": {"name": "宁波甬新材料科技有限公司", "creditCode": "91350100M000100Y43"}}),
    )
    .unwrap();
    let firm_id = firm["record"]["id"].as_str().unwrap().to_owned();
    let again =
        invoke(&h, "create_enterprise", json!({"input": {"name": "另一家公司", "creditCode": "91350100M000100Y43"}}))
            .unwrap_err();
    assert_eq!(again["code"], json!("duplicate"));
    assert_eq!(again["fields"][0]["existingId"], json!(firm_id), "the form links to the existing firm");

    let expert = invoke(&h, "create_expert", json!({"input": {"name": "赵磊", "title": "junior"}})).unwrap();
    let visit = invoke(
        &h,
        "create_visit",
        json!({"input": {"visitDate": "2024-01-10", "enterpriseId": firm_id, "expertIds": [expert["id"]],
                         "mode": "phone", "followUpDate": "2024-02-01"}}),
    )
    .unwrap();
    let id = visit["id"].as_str().unwrap().to_owned();
    assert_eq!(visit["followUpClosure"], Value::Null);

    let blank = invoke(&h, "close_follow_up", json!({"input": {"visitId": id, "expectedRevision": 1, "note": " "}}))
        .unwrap_err();
    assert_eq!((&blank["code"], &blank["fields"][0]["field"]), (&json!("validation"), &json!("note")));
    let stale =
        invoke(&h, "close_follow_up", json!({"input": {"visitId": id, "expectedRevision": 9, "note": "电话回访"}}))
            .unwrap_err();
    assert_eq!(stale["code"], json!("conflict"));

    let closed =
        invoke(&h, "close_follow_up", json!({"input": {"visitId": id, "expectedRevision": 1, "note": "电话回访"}}))
            .unwrap();
    assert_eq!(closed["followUpClosure"]["note"], json!("电话回访"));
    assert_eq!(closed["revision"], json!(2));
    assert_eq!(invoke(&h, "get_visit", json!({"id": id})).unwrap()["followUpClosure"]["note"], json!("电话回访"));

    let reopened = invoke(&h, "reopen_follow_up", json!({"id": id, "expectedRevision": 2})).unwrap();
    assert_eq!((&reopened["followUpClosure"], &reopened["revision"]), (&Value::Null, &json!(3)));
}
