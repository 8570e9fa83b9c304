//! The handlers, called without a socket: the shape of each answer, and a
//! distinctive password posted through every route, valid and invalid, in both
//! languages, never found in any answer (body or headers).

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// Valid under every policy of both profiles: 14 characters, four classes.
const PASSWORD: &str = "Qx7!vTr9#Lm2@K";
/// Fails length and classes everywhere.
const WEAK: &str = "qxzvtr";

struct Answer {
    status: StatusCode,
    text: String,
    json: Value,
}

async fn call(method: Method, path: &str, lang: Option<&str>, body: String) -> Answer {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(lang) = lang {
        request = request.header(header::ACCEPT_LANGUAGE, lang);
    }
    let request = request
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    let response = cvm_rules_web_form::app().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = format!("{:?}", response.headers());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    for secret in [PASSWORD, WEAK] {
        // A failure shows where the password was, masked.
        let masked = text.replace(secret, "<PASSWORD>");
        assert!(
            !text.contains(secret),
            "{path} leaked the password: {masked}"
        );
        assert!(
            !headers.contains(secret),
            "{path} leaked the password in a header"
        );
    }
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, text, json }
}

async fn post(path: &str, lang: Option<&str>, body: Value) -> Answer {
    call(Method::POST, path, lang, body.to_string()).await
}

fn form(ids: &[&str], os: &str, password: &str) -> Value {
    json!({
        "instance_ids": ids,
        "os": os,
        "profile": "legacy-2017",
        "password": password,
        "user_name": "",
        "force_stop": false,
    })
}

const LANGS: [(Option<&str>, &str); 4] = [
    (None, "en"),
    (Some("en-US,en;q=0.9"), "en"),
    (Some("zh-CN,zh;q=0.9,en;q=0.8"), "zh-CN"),
    (Some("zh"), "zh-CN"),
];

#[tokio::test]
async fn no_route_answers_with_the_password() {
    let facts = json!({"Response": {"InstanceSet": [
        {"InstanceId": "ins-r8hr2upy", "OsName": "Windows Server 2019", "InstanceState": "RUNNING"},
        {"InstanceId": "ins-5d8a23rs", "OsName": "Ubuntu Server 22.04", "InstanceState": "PENDING"},
    ]}})
    .to_string();
    for (lang, _) in LANGS {
        for password in [PASSWORD, WEAK] {
            let mut bodies = vec![
                form(&["ins-r8hr2upy"], "linux", password),
                form(&["ins-r8hr2upy", "ins-1122"], "windows", password),
                form(&[], "unknown", password),
                form(&["ins-r8hr2upy", "ins-r8hr2upy"], "ubuntu", password),
            ];
            let mut with_facts = form(&["ins-r8hr2upy", "ins-5d8a23rs"], "facts", password);
            with_facts["facts"] = Value::String(facts.clone());
            bodies.push(with_facts.clone());
            with_facts["facts"] = Value::String("{not json".into());
            bodies.push(with_facts);
            let mut api3 = form(&["ins-r8hr2upy"], "windows", password);
            api3["profile"] = json!("api3");
            api3["user_name"] = json!("Qx7");
            bodies.push(api3);
            // Form errors: the body must not be echoed, whatever is wrong with it.
            let mut wrong_type = form(&["ins-r8hr2upy"], "linux", password);
            wrong_type["force_stop"] = json!(password);
            bodies.push(wrong_type);
            let mut unknown_field = form(&["ins-r8hr2upy"], "linux", password);
            unknown_field[password] = json!(password);
            bodies.push(unknown_field);
            let mut bad_os = form(&["ins-r8hr2upy"], "linux", password);
            bad_os["os"] = json!(password);
            bodies.push(bad_os);
            for body in bodies {
                for path in ["/api/check", "/api/submit", "/api/generate"] {
                    post(path, lang, body.clone()).await;
                }
            }
            for path in ["/api/check", "/api/submit", "/api/generate"] {
                // Truncated JSON, and a wrong method with the password in the query.
                let text = form(&["ins-r8hr2upy"], "linux", password).to_string();
                call(Method::POST, path, lang, text[..text.len() - 3].to_owned()).await;
                let get = call(
                    Method::GET,
                    &format!("{path}?password={password}"),
                    lang,
                    String::new(),
                )
                .await;
                assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
            }
        }
    }
}

#[tokio::test]
async fn check_answers_the_checklist_in_the_browser_language() {
    for (lang, locale) in LANGS {
        let answer = post("/api/check", lang, form(&["ins-r8hr2upy"], "windows", WEAK)).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        let json = &answer.json;
        assert_eq!(json["locale"], locale);
        let requirements = json["checklist"]["requirements"].as_array().unwrap();
        let rules: Vec<&str> = requirements
            .iter()
            .map(|r| r["rule"].as_str().unwrap())
            .collect();
        assert_eq!(
            rules,
            [
                "password.length",
                "password.classes",
                "password.leading_slash",
                "password.charset"
            ]
        );
        let mets: Vec<&Value> = requirements.iter().map(|r| &r["met"]).collect();
        assert_eq!(
            mets,
            [&json!(false), &json!(false), &json!(true), &json!(true)]
        );
        let length = requirements[0]["message"].as_str().unwrap();
        let expected = if locale == "en" {
            "12 to 16 characters"
        } else {
            "长度为 12 到 16 个字符"
        };
        assert_eq!(length, expected);
        assert_eq!(json["checklist"]["all_met"], false);
        assert_eq!(json["report"]["valid"], false);
        assert_eq!(json["report"]["policy"]["families"], json!(["windows"]));
        let diagnostics = json["report"]["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics[0]["rule"], "password.length");
        assert_eq!(json["facts_error"], Value::Null);
    }
}

#[tokio::test]
async fn check_ticks_a_strong_password_and_reports_unread_facts() {
    let answer = post(
        "/api/check",
        None,
        form(&["ins-r8hr2upy"], "linux", PASSWORD),
    )
    .await;
    let json = &answer.json;
    assert_eq!(json["checklist"]["all_met"], true);
    assert_eq!(json["report"]["valid"], true);
    assert_eq!(
        json["checklist"]["requirements"][0]["message"],
        "8 to 16 characters"
    );

    // Without a password nothing is marked; the requirements are still listed.
    let answer = post("/api/check", None, form(&[], "unknown", "")).await;
    let requirements = answer.json["checklist"]["requirements"].as_array().unwrap();
    assert!(requirements.iter().all(|r| r["met"].is_null()));
    assert_eq!(answer.json["report"]["policy"]["os_known"], false);

    // Facts that cannot be read: strictest policy, and the reason.
    let mut body = form(&["ins-r8hr2upy"], "facts", PASSWORD);
    body["facts"] = json!("[1]");
    let answer = post("/api/check", Some("zh-CN"), body).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json["report"]["policy"]["os_known"], false);
    let reason = answer.json["facts_error"].as_str().unwrap();
    assert!(
        reason.starts_with("无法读取 DescribeInstances 返回结果"),
        "{reason}"
    );
}

#[tokio::test]
async fn submit_answers_in_the_tencent_shape() {
    // Invalid: the first error as `Error`, every diagnostic beside it.
    let answer = post(
        "/api/submit",
        None,
        form(&["ins-r8hr2upy", "ins-1122"], "windows", PASSWORD),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let response = &answer.json["Response"];
    assert_eq!(response["Error"]["Code"], "InvalidInstanceId.Malformed");
    assert_eq!(
        response["Error"]["Message"],
        "InstanceIds.2 is not a valid instance ID: it is not 12 characters long. An instance ID is ins- followed by 8 lowercase letters or digits, such as ins-r8hr2upy."
    );
    assert_uuid(response["RequestId"].as_str().unwrap());
    let diagnostics = response["Diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["field"], "InstanceIds.2");

    // Chinese.
    let answer = post(
        "/api/submit",
        Some("zh-CN"),
        form(&["ins-r8hr2upy"], "linux", WEAK),
    )
    .await;
    let response = &answer.json["Response"];
    assert_eq!(response["Error"]["Code"], "InvalidPassword");
    assert_eq!(
        response["Error"]["Message"],
        "密码长度必须为 8 到 16 个字符，当前为 6 个。"
    );
    assert_eq!(response["Diagnostics"].as_array().unwrap().len(), 2);

    // Facts: a running instance without ForceStop (legacy), a pending one.
    let mut body = form(&["ins-r8hr2upy", "ins-5d8a23rs"], "facts", PASSWORD);
    body["facts"] = json!(
        r#"[{"InstanceId": "ins-r8hr2upy", "OsName": "CentOS 7", "InstanceState": "RUNNING"},
        {"InstanceId": "ins-5d8a23rs", "OsName": "Windows Server", "InstanceState": "STOPPED"}]"#
    );
    let answer = post("/api/submit", None, body.clone()).await;
    assert_eq!(
        answer.json["Response"]["Error"]["Code"],
        "InvalidInstance.NotSupported"
    );
    body["force_stop"] = json!(true);
    let answer = post("/api/submit", None, body).await;
    assert_eq!(
        answer.json["Response"].as_object().unwrap().len(),
        1,
        "{}",
        answer.text
    );

    // Valid: a RequestId and nothing else.
    let answer = post(
        "/api/submit",
        None,
        form(&["ins-r8hr2upy"], "unknown", PASSWORD),
    )
    .await;
    let response = answer.json["Response"].as_object().unwrap();
    assert_eq!(
        response.keys().collect::<Vec<_>>(),
        ["RequestId"],
        "{}",
        answer.text
    );
    assert_uuid(response["RequestId"].as_str().unwrap());

    // Valid with a warning: the warning comes along.
    let answer = post(
        "/api/submit",
        None,
        form(&["ins-r8hr2upy", "ins-r8hr2upy"], "linux", PASSWORD),
    )
    .await;
    let response = &answer.json["Response"];
    assert!(response.get("Error").is_none());
    assert_eq!(response["Diagnostics"][0]["rule"], "instance_ids.duplicate");
    assert_eq!(response["Diagnostics"][0]["severity"], "warning");
}

#[tokio::test]
async fn form_errors_say_where_and_never_what() {
    let answer = call(
        Method::POST,
        "/api/submit",
        None,
        "{\"password\": 5}".into(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json["FormError"]["Field"], "body");
    let message = answer.json["FormError"]["Message"].as_str().unwrap();
    assert!(message.contains("line 1, column"), "{message}");

    let answer = post(
        "/api/submit",
        Some("zh-CN"),
        form(&["ins-r8hr2upy"], "facts", PASSWORD),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json["FormError"]["Field"], "facts");
    assert!(answer.json["FormError"]["Message"]
        .as_str()
        .unwrap()
        .starts_with("请粘贴"));
}

#[tokio::test]
async fn the_page_and_its_files() {
    let page = call(Method::GET, "/", Some("zh-CN"), String::new()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .text
        .starts_with("<!doctype html>\n<html lang=\"zh-CN\">"));
    assert!(page.text.contains(r#"method="post""#));
    let page = call(Method::GET, "/", None, String::new()).await;
    assert!(page.text.contains("<html lang=\"en\">"));
    for path in ["/app.js", "/style.css"] {
        let file = call(Method::GET, path, None, String::new()).await;
        assert_eq!(file.status, StatusCode::OK, "{path}");
        assert!(!file.text.is_empty());
    }
    let missing = call(Method::GET, "/nothing", None, String::new()).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_answer_is_hardened() {
    let request = Request::post("/api/check").body(Body::from("{}")).unwrap();
    let response = cvm_rules_web_form::app().oneshot(request).await.unwrap();
    let headers = response.headers();
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("script-src 'self'"));
}

fn assert_uuid(id: &str) {
    let lens: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(lens, [8, 4, 4, 4, 12], "{id}");
    assert!(
        id.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit()),
        "{id}"
    );
}

/// "Suggest a password": a password that passes the form's policy (OS set,
/// profile, user name), not the one the form holds, different on each call.
#[tokio::test]
async fn suggested_passwords_pass_the_form_policy() {
    use cvm_rules::{OsFamily, OsSet, Profile};
    let cases = [
        (
            "linux",
            "legacy-2017",
            Profile::LEGACY_2017,
            OsSet::only(OsFamily::Linux),
            8..=16,
        ),
        (
            "windows",
            "api3",
            Profile::API3,
            OsSet::only(OsFamily::Windows),
            12..=30,
        ),
        (
            "unknown",
            "legacy-2017",
            Profile::LEGACY_2017,
            OsSet::UNKNOWN,
            12..=16,
        ),
    ];
    for (os, profile_id, profile, set, lengths) in cases {
        let mut body = form(&["ins-r8hr2upy"], os, PASSWORD);
        body["profile"] = json!(profile_id);
        body["user_name"] = json!("deployer");
        let mut seen = Vec::new();
        for _ in 0..5 {
            let answer = post("/api/generate", None, body.clone()).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
            let password = answer.json["passwords"][0].as_str().unwrap().to_string();
            assert!(lengths.contains(&password.chars().count()), "{password}");
            assert!(
                profile.policy(set).accepts(&password, Some("deployer")),
                "{os} {profile_id}: {password}"
            );
            assert_eq!(answer.json["length"], 16);
            assert!(answer.json["entropy_bits"].as_f64().unwrap() > 90.0);
            seen.push(password);
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 5, "five calls, five passwords");
    }
    // A form that is not JSON gets the form error, not a password.
    let answer = call(Method::POST, "/api/generate", None, "{".into()).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.json["FormError"].is_object());
}
