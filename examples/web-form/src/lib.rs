//! A web-form backend for `cvm-rules`: a page to reset the password of CVM
//! instances, checked live as a person types, in English or Chinese.
//!
//! | route | what |
//! |---|---|
//! | `GET /` | the form (HTML, CSS and a little JavaScript, embedded in the binary) |
//! | `GET /engine/…` | the page's engine: the npm package `cvm-rules` bundled by esbuild (`web/dist/`), which checks in the page |
//! | `POST /api/check` | the requirements checklist and the diagnostics, for clients without WebAssembly |
//! | `POST /api/submit` | the full validation, answered in the shape of the Tencent Cloud API |
//! | `POST /api/generate` | a password that passes the form's policy ("Suggest a password") |
//!
//! Both API routes take the same JSON body ([`form::FormInput`]) and answer in the
//! language of the browser's `Accept-Language` ([`Locale::negotiate`], from the library). Nothing is
//! sent to Tencent Cloud: a valid submit is answered with a `RequestId` only.
//!
//! # The password
//!
//! The page checks it with the library's WebAssembly module (`/engine/…`), so it
//! leaves the browser only on submit; without WebAssembly the page falls back to
//! `/api/check`. Either way it travels only in the body of a `POST` made by
//! `fetch` (the `<form>` is `method="post"` too, so even without JavaScript it
//! never lands in a URL). No
//! handler logs anything, the router has no tracing layer, the form type holds it
//! in the library's redacting [`cvm_rules::Password`], and no answer quotes the
//! body: errors about the body give a line and column, never serde's text. The
//! tests in `tests/no_leak.rs` post a distinctive password through every route, in
//! both languages, valid and invalid, and search each answer for it.

pub mod form;
pub mod request_id;

use axum::body::Bytes;
use axum::http::header::{
    ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use cvm_rules::glue::GenerateOutput;
use cvm_rules::{Checklist, Diagnostic, Entropy, Locale, Localized, Report};
use getrandom::SysRng;
use rand_core::UnwrapErr;
use serde::Serialize;

use crate::form::FormError;

const INDEX_HTML: &str = include_str!("../static/index.html");
const APP_JS: &str = include_str!("../static/app.js");
const STYLE_CSS: &str = include_str!("../static/style.css");

/// Scripts, styles and requests from this server only; no inline code, no frames.
/// `'wasm-unsafe-eval'` lets the page compile the WebAssembly module (and nothing
/// else: no `eval`, no inline script).
const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; \
    frame-ancestors 'none'";

/// The page's engine: `web/engine.js` and the npm package `cvm-rules`, bundled
/// by esbuild into `web/dist/` (`browser-test/run.sh` builds it);
/// `WEB_FORM_ENGINE` moves it. Without it, the page checks through `/api/check`.
fn engine_dir() -> std::path::PathBuf {
    std::env::var_os("WEB_FORM_ENGINE").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("web/dist"),
        std::path::PathBuf::from,
    )
}

/// The application: every route, with the security headers on every answer.
pub fn app() -> Router {
    Router::new()
        .route("/", get(index))
        .route("/app.js", get(app_js))
        .route("/style.css", get(style_css))
        .route("/engine/engine.js", get(engine_js))
        .route("/engine/cvm_rules_bg.wasm", get(engine_wasm))
        .route("/api/check", post(check))
        .route("/api/submit", post(submit))
        .route("/api/generate", post(generate))
        .layer(middleware::map_response(harden))
}

/// Headers for every answer: nothing is cached (answers concern a password being
/// typed), nothing is sniffed, framed or sent on as a referrer.
async fn harden(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    response
}

/// The locale the browser asks for.
fn locale_of(headers: &HeaderMap) -> Locale {
    let accept = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    accept.map_or(Locale::En, Locale::negotiate)
}

async fn index(headers: HeaderMap) -> Html<String> {
    let lang = locale_of(&headers).as_str();
    Html(INDEX_HTML.replace("{{lang}}", lang))
}

async fn app_js() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], APP_JS)
}

async fn style_css() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/css; charset=utf-8")], STYLE_CSS)
}

/// A file of the engine, or 404 when it was not built.
async fn engine_file(name: &str, content_type: &'static str) -> Response {
    match tokio::fs::read(engine_dir().join(name)).await {
        Ok(bytes) => ([(CONTENT_TYPE, content_type)], bytes).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn engine_js() -> Response {
    engine_file("engine.js", "text/javascript; charset=utf-8").await
}

async fn engine_wasm() -> Response {
    engine_file("cvm_rules_bg.wasm", "application/wasm").await
}

/// The answer of `/api/check`.
#[derive(Serialize)]
struct CheckAnswer<'a> {
    /// `en` or `zh-CN`: the language of every message, and of the page's labels.
    locale: &'static str,
    /// The requirements of the policy applied, each met or not (`null` without a password).
    checklist: Localized<&'a Checklist>,
    /// `valid`, `profile`, `policy` and `diagnostics`.
    report: Localized<&'a Report<'a>>,
    /// The entropy of a password generated for the policy (16 characters).
    entropy: Entropy,
    /// Why the pasted facts were not used (then the strictest policy applies).
    facts_error: Option<String>,
}

/// `POST /api/check`: the checklist and the diagnostics, for live feedback.
///
/// Unreadable facts do not stop the check: it goes on as for an unknown OS (the
/// strictest policy) and says why in `facts_error`.
async fn check(headers: HeaderMap, body: Bytes) -> Response {
    let locale = locale_of(&headers);
    let input = match form::parse(&body) {
        Ok(input) => input,
        Err(e) => return form_error(&e, locale),
    };
    let (knowledge, facts_error) = match input.knowledge() {
        Ok(knowledge) => (knowledge, None),
        Err(e) => (form::Knowledge::default(), Some(e.message(locale))),
    };
    let request = input.request();
    let report = request.validate(&knowledge.context());
    let checklist = report
        .policy()
        .checklist(request.password_value(), request.user_name_value());
    Json(CheckAnswer {
        locale: locale.as_str(),
        checklist: Localized::new(&checklist, locale),
        report: Localized::new(&report, locale),
        entropy: report.policy().entropy(None),
        facts_error,
    })
    .into_response()
}

/// `POST /api/generate`: one password drawn uniformly among those the form's
/// policy accepts (its OS set, profile and user name), with randomness from the
/// OS: the library's `generate` object (`{"passwords", "length", "entropy_bits",
/// "policy"}`). The form's own password is not read.
async fn generate(headers: HeaderMap, body: Bytes) -> Response {
    let locale = locale_of(&headers);
    let input = match form::parse(&body) {
        Ok(input) => input,
        Err(e) => return form_error(&e, locale),
    };
    // Unreadable facts: the strictest policy, as for the live check.
    let knowledge = input.knowledge().unwrap_or_default();
    let request = input.request();
    let profile = request.profile();
    let policy = profile.policy(request.os_set(&knowledge.context()));
    let user_name = request.user_name_value();
    match policy.generate(&mut UnwrapErr(SysRng), None, user_name) {
        Ok(password) => Json(GenerateOutput::new(vec![password], policy)).into_response(),
        // The built-in policies always accept passwords of their default length.
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// `{"Response": {...}}`, as the Tencent Cloud API answers.
#[derive(Serialize)]
struct ApiAnswer<'a> {
    #[serde(rename = "Response")]
    response: ApiResponse<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ApiResponse<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ApiError>,
    request_id: String,
    /// Every diagnostic (errors and warnings); not part of the Tencent shape, and
    /// left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    diagnostics: Vec<Localized<&'a Diagnostic>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ApiError {
    code: &'static str,
    message: String,
}

/// `POST /api/submit`: the full validation. An invalid request gets the first
/// error in the Tencent error shape, with every diagnostic beside it; a valid one
/// gets a `RequestId` only (and its warnings, if any). Nothing is sent anywhere.
async fn submit(headers: HeaderMap, body: Bytes) -> Response {
    let locale = locale_of(&headers);
    let input = match form::parse(&body) {
        Ok(input) => input,
        Err(e) => return form_error(&e, locale),
    };
    let knowledge = match input.knowledge() {
        Ok(knowledge) => knowledge,
        Err(e) => return form_error(&e, locale),
    };
    let report = input.request().validate(&knowledge.context());
    let error = report.first_error().map(|e| ApiError {
        // Every error of the library has a code; the fallback only keeps the shape.
        code: e.code().unwrap_or("InvalidParameterValue"),
        message: e.message(locale),
    });
    Json(ApiAnswer {
        response: ApiResponse {
            error,
            request_id: request_id::next(),
            diagnostics: report
                .diagnostics()
                .iter()
                .map(|d| Localized::new(d, locale))
                .collect(),
        },
    })
    .into_response()
}

/// `400 {"FormError": {"Field", "Message"}}`: the form itself is unusable, so no
/// request was validated.
fn form_error(error: &FormError, locale: Locale) -> Response {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Body {
        field: &'static str,
        message: String,
    }
    #[derive(Serialize)]
    struct Answer {
        #[serde(rename = "FormError")]
        form_error: Body,
    }
    let answer = Answer {
        form_error: Body {
            field: error.field(),
            message: error.message(locale),
        },
    };
    (StatusCode::BAD_REQUEST, Json(answer)).into_response()
}
