//! The deals endpoints of the OpenAPI document.

use patentbridge_domain::deal::{DealEvent, DealState, Side};
use patentbridge_domain::listing::{ListingMode, RoyaltyBasis};
use serde_json::{Value, json};

use super::{API_PREFIX, answer, array_of, codes, extended, fixed, or_null, schema_ref};

pub(super) fn paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    let error = |d: &str| json!({"description": d, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let invalid = json!({"description": "Some fields are not valid", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FieldErrors"}}}});
    let deal = |d: &str| answer(d, schema_ref("Deal"));
    let created = |d: &str| answer(d, schema_ref("Created"));
    let id = json!({"name": "id", "in": "path", "required": true, "description": "The deal's id", "schema": {"type": "integer"}});
    let obj_body = |props: Value, required: Value| json!({"required": true, "content": {"application/json": {"schema": {"type": "object", "required": required, "properties": props}}}});
    let terms = json!({"type": "object", "description": "price_fen, payment (lump, royalty, pay_later, free), due_days, royalty_basis (net_sales, profit), royalty_bp, entry_fee_fen, free_months, report_every_months, term_months, territory, scope, equity_share_bp"});
    json!({
        format!("{API_PREFIX}/deals"): {
            "get": {"operationId": "myDeals", "summary": "The deals of the caller's organisations, both sides", "x-summary-zh": "我的交易",
                "parameters": [], "security": bearer, "responses": {"200": answer("Deals, newest first", array_of(schema_ref("DealSummary"))), "401": error("Not signed in")}},
            "post": {"operationId": "openDeal", "summary": "Open a deal on a published listing (a member of a verified SME)", "x-summary-zh": "发起交易",
                "parameters": [], "security": bearer,
                "requestBody": obj_body(json!({"listing_id": {"type": "integer"}, "message": {"type": "string"}}), json!(["listing_id"])),
                "responses": {"201": deal("The deal"), "401": error("Not signed in"), "403": error("Not a member of a verified SME"), "404": error("No such listing"), "422": invalid}}
        },
        format!("{API_PREFIX}/deals/open-licence"): {
            "post": {"operationId": "acceptOpenLicence", "summary": "Accept a published open licence by written notice and payment: in force at once", "x-summary-zh": "开放许可实施通知",
                "parameters": [], "security": bearer,
                "requestBody": obj_body(json!({"listing_id": {"type": "integer"}, "payment_reference": {"type": "string"}, "paid_yuan": {"type": "string"}, "message": {"type": "string"}}), json!(["listing_id", "payment_reference"])),
                "responses": {"201": deal("The deal, in force, with the notice's PDF and obligations"), "401": error("Not signed in"), "403": error("Not a member of a verified SME"), "404": error("No such listing"), "422": invalid}}
        },
        format!("{API_PREFIX}/deals/{{id}}"): {
            "get": {"operationId": "getDeal", "summary": "A deal: state, history, documents, signatures, obligations, reports, outcomes, the filing deadline and the caller's next allowed events", "x-summary-zh": "交易详情",
                "parameters": [id], "security": bearer, "responses": {"200": deal("The deal"), "404": error("No such deal for the caller")}}
        },
        format!("{API_PREFIX}/deals/{{id}}/events"): {
            "post": {"operationId": "dealEvent", "summary": "Take a step: message, offer, accept_offer (drafts the contract PDF), sign (binds the signer to the PDF's SHA-256, with time and IP), record, start_performance, complete, withdraw, reject, dispute, resolve, terminate", "x-summary-zh": "交易操作",
                "parameters": [id], "security": bearer,
                "requestBody": obj_body(json!({"event": {"type": "string"}, "message": {"type": "string"}, "terms": terms, "record_number": {"type": "string"}, "recorded_on": {"type": "string", "format": "date"}, "pledgee_consent": {"type": "boolean"}, "sha256": {"type": "string"}}), json!(["event"])),
                "responses": {"200": deal("The deal after the step"), "403": error("Not a party"), "404": error("No such deal"), "409": error("Not allowed now, with the reason"), "422": invalid}}
        },
        format!("{API_PREFIX}/deals/{{id}}/contract.pdf"): {
            "get": {"operationId": "dealContract", "summary": "The current contract as PDF; its SHA-256 in X-Contract-SHA256", "x-summary-zh": "合同下载",
                "parameters": [id], "security": bearer,
                "responses": {"200": {"description": "The PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}, "404": error("No such deal or no contract yet")}}
        },
        format!("{API_PREFIX}/deals/{{id}}/royalty-reports"): {
            "post": {"operationId": "royaltyReport", "summary": "The SME files a royalty report for a period; the royalty due is computed from the agreed rate", "x-summary-zh": "提成报告",
                "parameters": [id], "security": bearer,
                "requestBody": obj_body(json!({"obligation_id": {"type": "integer"}, "period_start": {"type": "string"}, "period_end": {"type": "string"}, "sales_yuan": {"type": "string"}, "profit_yuan": {"type": "string"}, "note": {"type": "string"}}), json!(["period_start", "period_end", "sales_yuan"])),
                "responses": {"201": created("The report's id"), "403": error("Not the SME of the deal"), "409": error("No royalty in this deal, or not in performance"), "422": invalid}}
        },
        format!("{API_PREFIX}/deals/{{id}}/payments"): {
            "post": {"operationId": "recordPayment", "summary": "The SME records a payment of an obligation", "x-summary-zh": "登记付款",
                "parameters": [id], "security": bearer,
                "requestBody": obj_body(json!({"obligation_id": {"type": "integer"}, "paid_yuan": {"type": "string"}}), json!(["obligation_id", "paid_yuan"])),
                "responses": {"200": answer("Recorded", schema_ref("PaymentRecorded")), "403": error("Not the SME of the deal"), "409": error("Already paid"), "422": invalid}}
        },
        format!("{API_PREFIX}/deals/{{id}}/outcomes"): {
            "post": {"operationId": "outcomeEntry", "summary": "The SME records implementation: product, patent-product filing (none, filed, recognised), output value, revenue, jobs, by period", "x-summary-zh": "实施成效",
                "parameters": [id], "security": bearer,
                "requestBody": obj_body(json!({"period": {"type": "string", "description": "2026 or 2026-Q4"}, "product_name": {"type": "string"}, "filing": {"type": "string"}, "filing_number": {"type": "string"}, "output_value_yuan": {"type": "string"}, "revenue_yuan": {"type": "string"}, "jobs": {"type": "string"}}), json!(["period", "product_name", "output_value_yuan", "revenue_yuan", "jobs"])),
                "responses": {"201": created("The entry's id"), "403": error("Not the SME of the deal"), "409": error("Not in performance"), "422": invalid}}
        },
    })
}

/// The shapes of `routes::api::deals::{deal_json, view_json, TermsDto}`.
pub(super) fn schemas() -> Value {
    let text = json!({"type": "string"});
    let nullable_text = json!({"type": ["string", "null"]});
    let integer = json!({"type": "integer"});
    let nullable_integer = json!({"type": ["integer", "null"]});
    let date = json!({"type": "string", "format": "date"});
    let nullable_date = json!({"type": ["string", "null"], "format": "date"});
    let time = json!({"type": "string", "format": "date-time"});
    let state = codes(DealState::ALL.iter().map(|s| s.as_str()));
    let side = codes(Side::ALL.iter().map(|s| s.as_str()));
    let summary = fixed(json!({
        "id": integer,
        "listing_id": {"type": ["integer", "null"], "description": "Null once the listing is gone"},
        "listing_title": nullable_text,
        "sme_id": integer,
        "sme": {"type": "string", "description": "The SME's Chinese name"},
        "owner_id": integer,
        "owner": {"type": "string", "description": "The owner's Chinese name"},
        "mode": codes(ListingMode::ALL.iter().map(|m| m.as_str())),
        "state": state,
        "effective_on": nullable_date,
        "record_number": nullable_text,
        "recorded_on": nullable_date,
        "pledgee_consent": {"type": "boolean"},
        "patents": array_of(fixed(json!({
            "number": text,
            "title_zh": nullable_text,
            "legal_status": {"type": "string", "description": "The patent's legal status code as stored"},
        }))),
        "updated_at": time,
    }));
    let terms = fixed(json!({
        "price_fen": {"type": ["integer", "null"], "description": "The price in fen (0.01 yuan)"},
        "payment": codes(["lump", "royalty", "pay_later", "free"]),
        "due_days": nullable_integer,
        "royalty_basis": or_null(codes(RoyaltyBasis::ALL.iter().map(|b| b.as_str()))),
        "royalty_bp": {"type": ["integer", "null"], "description": "The royalty in basis points (1 % = 100)"},
        "entry_fee_fen": nullable_integer,
        "free_months": nullable_integer,
        "report_every_months": nullable_integer,
        "term_months": nullable_integer,
        "territory": text,
        "scope": text,
        "equity_share_bp": nullable_integer,
    }));
    let step = fixed(json!({
        "event": {"type": "string", "description": "inquire, accept_open_licence, or the event taken (message, offer, accept_offer, sign, …)"},
        "side": side,
        "from": or_null(state.clone()),
        "to": state,
        "message": nullable_text,
        "offer": or_null(schema_ref("Terms")),
        "user": nullable_text,
        "at": time,
    }));
    let document = fixed(json!({
        "id": integer, "template": text, "version": text, "sha256": text, "created_at": time,
    }));
    let signature = fixed(json!({
        "document_id": integer, "side": side, "organisation_id": integer, "user": nullable_text,
        "sha256": text, "ip": nullable_text, "signed_at": time,
    }));
    let obligation = fixed(json!({
        "id": integer, "due_on": date, "amount_fen": nullable_integer,
        "period_start": nullable_date, "period_end": nullable_date,
        "description_zh": text, "description_en": text,
        "paid_fen": nullable_integer, "paid_on": nullable_date,
        "overdue": {"type": "boolean", "description": "Unpaid past its due day"},
    }));
    let report = fixed(json!({
        "id": integer, "period_start": date, "period_end": date,
        "sales_fen": integer, "base_fen": integer, "royalty_fen": integer,
    }));
    let outcome = fixed(json!({
        "id": integer, "period": text, "product_name": text,
        "filing": codes(["none", "filed", "recognised"]), "filing_number": nullable_text,
        "output_value_fen": integer, "revenue_fen": integer, "jobs": integer,
    }));
    let filing = or_null(fixed(json!({
        "deadline": date,
        "status": codes(["on_time", "due_soon", "overdue"]),
        "days_left": {"type": "integer", "description": "Negative: days late"},
    })));
    let mut callers_side = or_null(side);
    callers_side["description"] = json!("The caller's side; null for a platform overseer");
    let deal = extended(
        &summary,
        json!({
            "terms": or_null(schema_ref("Terms")),
            "side": callers_side,
            "next": array_of(codes(DealEvent::ALL.iter().map(|e| e.as_str()))),
            "history": array_of(step),
            "documents": array_of(document),
            "signatures": array_of(signature),
            "obligations": array_of(obligation),
            "royalty_reports": array_of(report),
            "outcomes": array_of(outcome),
            "filing": filing,
        }),
        &[],
    );
    json!({
        "DealSummary": summary,
        "Deal": deal,
        "Terms": terms,
        "PaymentRecorded": fixed(json!({"obligation_id": integer, "paid": {"type": "boolean", "enum": [true]}})),
    })
}
