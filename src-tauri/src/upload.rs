//! An attachment upload as the UI sends it: the file's bytes as the raw request body (no JSON array of numbers for
//! a 20 MiB photo), and what it belongs to in headers. The file name is percent-encoded by the UI
//! (`encodeURIComponent`), since header values must be ASCII.

use ledger_core::model::{AttachmentOwnerKind, EvidenceKind};
use ledger_core::CoreError;
use percent_encoding::percent_decode_str;
use tauri::ipc::{InvokeBody, Request};

/// Header naming the owner's kind: `visit` or `service_record`.
pub const OWNER_KIND_HEADER: &str = "x-owner-kind";
/// Header with the owner's id.
pub const OWNER_ID_HEADER: &str = "x-owner-id";
/// Header with the percent-encoded file name.
pub const FILE_NAME_HEADER: &str = "x-file-name";
/// Optional header marking the file as evidence: `confirmation` or `photo` (absent or empty: not marked).
pub const EVIDENCE_KIND_HEADER: &str = "x-evidence-kind";

/// A decoded upload.
#[derive(Debug)]
pub struct Upload {
    pub owner_kind: AttachmentOwnerKind,
    pub owner_id: String,
    pub file_name: String,
    pub evidence_kind: Option<EvidenceKind>,
    pub bytes: Vec<u8>,
}

fn bad(what: &str, what_en: &str) -> CoreError {
    CoreError::field(
        "file",
        format!("上传请求缺少或写错了{what}"),
        format!("The upload's {what_en} is missing or malformed"),
    )
}

fn header<'a>(request: &'a Request<'_>, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

/// Reads the owner, the file name and the bytes of an upload request.
pub fn decode(request: &Request<'_>) -> Result<Upload, CoreError> {
    let InvokeBody::Raw(bytes) = request.body() else { return Err(bad("文件内容", "file content")) };
    let owner_kind = header(request, OWNER_KIND_HEADER)
        .and_then(AttachmentOwnerKind::from_code)
        .ok_or_else(|| bad("所属记录类型", "owner kind"))?;
    let owner_id =
        header(request, OWNER_ID_HEADER).filter(|v| !v.is_empty()).ok_or_else(|| bad("所属记录", "owner"))?;
    let file_name = header(request, FILE_NAME_HEADER)
        .and_then(|v| percent_decode_str(v).decode_utf8().ok())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| bad("文件名", "file name"))?;
    let evidence_kind = match header(request, EVIDENCE_KIND_HEADER).filter(|v| !v.is_empty()) {
        None => None,
        Some(code) => Some(EvidenceKind::from_code(code).ok_or_else(|| bad("证明材料类型", "evidence kind"))?),
    };
    Ok(Upload {
        owner_kind,
        owner_id: owner_id.to_owned(),
        file_name: file_name.into_owned(),
        evidence_kind,
        bytes: bytes.clone(),
    })
}
