//! The deals endpoints of the OpenAPI document.

use serde_json::{Value, json};

use super::API_PREFIX;

pub(super) fn paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    let error = |d: &str| json!({"description": d, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let invalid = json!({"description": "Some fields are not valid", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FieldErrors"}}}});
    let object = |d: &str| json!({"description": d, "content": {"application/json": {"schema": {"type": "object"}}}});
    let id = json!({"name": "id", "in": "path", "required": true, "description": "The deal's id", "schema": {"type": "integer"}});
    let obj_body = |props: Value, required: Value| json!({"required": true, "content": {"application/json": {"schema": {"type": "object", "required": required, "properties": props}}}});
    let terms = json!({"type": "object", "description": "price_fen, payment (lump, royalty, pay_later, free), due_days, royalty_basis (net_sales, profit), royalty_bp, entry_fee_fen, free_months, report_every_months, term_months, territory, scope, equity_share_bp"});
    json!({
        format!("{API_PREFIX}/deals"): {
            "get": {"operationId": "myDeals", "summary": "The deals of the caller's organisations, both sides", "x-summary-zh": "我的交易",
                "parameters": [], "security": bearer, "responses": {"200": object("Deals, newest first"), "401": error("Not signed in")}},
            "post": {"operationId": "openDeal", "summary": "Open a deal on a published listing (a member of a verified SME)", "x-summary-zh": "发起交易",
                "parameters": [], "security": bearer,
                "requestBody": obj_body(json!({"listing_id": {"type": "integer"}, "message": {"type": "string"}}), json!(["listing_id"])),
                "responses": {"201": object("The deal"), "401": error("Not signed in"), "403": error("Not a member of a verified SME"), "404": error("No such listing"), "422": invalid}}
        },
        format!("{API_PREFIX}/deals/open-licence"): {
            "post": {"operationId": "acceptOpenLicence", "summary": "Accept a published open licence by written notice and payment: in force at once", "x-summary-zh": "开放许可实施通知",
                "parameters": [], "security": bearer,
                "requestBody": obj_body(json!({"listing_id": {"type": "integer"}, "payment_reference": {"type": "string"}, "paid_yuan": {"type": "string"}, "message": {"type": "string"}}), json!(["listing_id", "payment_reference"])),
                "responses": {"201": object("The deal, in force, with the notice's PDF and obligations"), "401": error("Not signed in"), "403": error("Not a member of a verified SME"), "404": error("No such listing"), "422": invalid}}
        },
        format!("{API_PREFIX}/deals/{{id}}"): {
            "get": {"operationId": "getDeal", "summary": "A deal: state, history, documents, signatures, obligations, reports, outcomes, the filing deadline and the caller's next allowed events", "x-summary-zh": "交易详情",
                "parameters": [id], "security": bearer, "responses": {"200": object("The deal"), "404": error("No such deal for the caller")}}
        },
        format!("{API_PREFIX}/deals/{{id}}/events"): {
            "post": {"operationId": "dealEvent", "summary": "Take a step: message, offer, accept_offer (drafts the contract PDF), sign (binds the signer to the PDF's SHA-256, with time and IP), record, start_performance, complete, withdraw, reject, dispute, resolve, terminate", "x-summary-zh": "交易操作",
                "parameters": [id], "security": bearer,
                "requestBody": obj_body(json!({"event": {"type": "string"}, "message": {"type": "string"}, "terms": terms, "record_number": {"type": "string"}, "recorded_on": {"type": "string", "format": "date"}, "pledgee_consent": {"type": "boolean"}, "sha256": {"type": "string"}}), json!(["event"])),
                "responses": {"200": object("The deal after the step"), "403": error("Not a party"), "404": error("No such deal"), "409": error("Not allowed now, with the reason"), "422": invalid}}
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
                "responses": {"201": object("The report's id"), "403": error("Not the SME of the deal"), "409": error("No royalty in this deal, or not in performance"), "422": invalid}}
        },
        format!("{API_PREFIX}/deals/{{id}}/payments"): {
            "post": {"operationId": "recordPayment", "summary": "The SME records a payment of an obligation", "x-summary-zh": "登记付款",
                "parameters": [id], "security": bearer,
                "requestBody": obj_body(json!({"obligation_id": {"type": "integer"}, "paid_yuan": {"type": "string"}}), json!(["obligation_id", "paid_yuan"])),
                "responses": {"200": object("Recorded"), "403": error("Not the SME of the deal"), "409": error("Already paid"), "422": invalid}}
        },
        format!("{API_PREFIX}/deals/{{id}}/outcomes"): {
            "post": {"operationId": "outcomeEntry", "summary": "The SME records implementation: product, patent-product filing (none, filed, recognised), output value, revenue, jobs, by period", "x-summary-zh": "实施成效",
                "parameters": [id], "security": bearer,
                "requestBody": obj_body(json!({"period": {"type": "string", "description": "2026 or 2026-Q4"}, "product_name": {"type": "string"}, "filing": {"type": "string"}, "filing_number": {"type": "string"}, "output_value_yuan": {"type": "string"}, "revenue_yuan": {"type": "string"}, "jobs": {"type": "string"}}), json!(["period", "product_name", "output_value_yuan", "revenue_yuan", "jobs"])),
                "responses": {"201": object("The entry's id"), "403": error("Not the SME of the deal"), "409": error("Not in performance"), "422": invalid}}
        },
    })
}
