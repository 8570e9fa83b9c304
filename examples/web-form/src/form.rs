//! The form's JSON body, and the request and context it stands for.

use cvm_rules::{Context, Facts, FactsError, Locale, OsFamily, OsSet, Password, Profile, Request};
use serde::{Deserialize, Deserializer};

/// The body the page posts to `/api/check` and `/api/submit`. Every field is
/// optional; unknown fields are refused (they are typos).
///
/// Its `Debug` output redacts the password ([`Password`] does), and the type has no
/// `Serialize`: a form cannot be echoed back by mistake.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FormInput {
    /// The batch, already split by the page (one item per line or comma).
    pub instance_ids: Vec<String>,
    /// What the person says of the batch's OS.
    pub os: OsChoice,
    /// The pasted `DescribeInstances` response, used when `os` is `facts`.
    pub facts: String,
    /// The API generation.
    pub profile: ProfileChoice,
    /// The new password; empty or `null` means none.
    #[serde(deserialize_with = "password")]
    pub password: Option<Password<'static>>,
    /// `UserName`; empty means none (the OS's default account).
    pub user_name: String,
    /// The checkbox: checked sends `ForceStop=true`, unchecked sends no `ForceStop`.
    pub force_stop: bool,
}

/// The OS choice of the form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OsChoice {
    /// Not known: the strictest policy.
    #[default]
    Unknown,
    /// Linux (account `root`).
    Linux,
    /// Ubuntu (account `ubuntu`).
    Ubuntu,
    /// Windows (account `Administrator`).
    Windows,
    /// Each instance's OS and state from the pasted `DescribeInstances` JSON.
    Facts,
}

/// The profile choice of the form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum ProfileChoice {
    /// `legacy-2017`, the default.
    #[default]
    #[serde(rename = "legacy-2017")]
    Legacy2017,
    /// `api3`.
    #[serde(rename = "api3")]
    Api3,
}

impl ProfileChoice {
    /// The library's profile.
    pub fn profile(self) -> &'static Profile {
        match self {
            ProfileChoice::Legacy2017 => Profile::LEGACY_2017,
            ProfileChoice::Api3 => Profile::API3,
        }
    }
}

/// Reads the password straight into the library's redacting type.
fn password<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Password<'static>>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    Ok(text.filter(|t| !t.is_empty()).map(Password::from))
}

/// A problem of the form itself, not of the request it stands for.
///
/// Its messages never quote the body: serde's own error text can hold a value
/// (`invalid type: string "…"`), so only the place is reported.
#[derive(Debug)]
pub enum FormError {
    /// The body is not the form's JSON object.
    Body {
        /// 1-based line where reading stopped.
        line: usize,
        /// 1-based column where reading stopped.
        column: usize,
    },
    /// `os` is `facts` and nothing was pasted.
    FactsMissing,
    /// The pasted facts could not be read.
    Facts(FactsError),
}

impl FormError {
    /// The form field at fault: `body` or `facts`.
    pub fn field(&self) -> &'static str {
        match self {
            FormError::Body { .. } => "body",
            FormError::FactsMissing | FormError::Facts(_) => "facts",
        }
    }

    /// What is wrong, in `locale`. The details of unreadable facts come from the
    /// library, which words them in English only.
    pub fn message(&self, locale: Locale) -> String {
        let en = locale == Locale::En;
        match self {
            FormError::Body { line, column } if en => format!(
                "The request body must be a JSON object with the fields instance_ids (an array of strings), os, facts, profile, password, user_name (strings) and force_stop (a boolean); reading stopped at line {line}, column {column}."
            ),
            FormError::Body { line, column } => format!(
                "请求体必须是 JSON 对象，字段为 instance_ids（字符串数组）、os、facts、profile、password、user_name（字符串）和 force_stop（布尔值）；解析在第 {line} 行第 {column} 列停止。"
            ),
            FormError::FactsMissing if en => "Paste the DescribeInstances response to take each instance's OS and state from it; until then the strictest (Windows) rules apply.".into(),
            FormError::FactsMissing => "请粘贴 DescribeInstances 的返回结果，以便读取每个实例的操作系统和状态；在此之前按最严格的（Windows）规则检查。".into(),
            FormError::Facts(e) if en => format!("The DescribeInstances response could not be read: {e}."),
            FormError::Facts(e) => format!("无法读取 DescribeInstances 返回结果：{e}。"),
        }
    }
}

/// Reads the body.
pub fn parse(body: &[u8]) -> Result<FormInput, FormError> {
    serde_json::from_slice(body).map_err(|e| FormError::Body {
        line: e.line(),
        column: e.column(),
    })
}

/// What the form tells of the batch's OS: a stated set, or instance facts.
#[derive(Debug, Default)]
pub struct Knowledge {
    os: OsSet,
    facts: Option<Facts>,
}

impl Knowledge {
    /// The library's validation context.
    pub fn context(&self) -> Context<'_> {
        let ctx = Context::new().with_os(self.os);
        match &self.facts {
            Some(facts) => ctx.with_facts(facts),
            None => ctx,
        }
    }
}

impl FormInput {
    /// The OS knowledge of the form; unreadable or missing facts are an error.
    pub fn knowledge(&self) -> Result<Knowledge, FormError> {
        let stated = |family| {
            Ok(Knowledge {
                os: OsSet::only(family),
                facts: None,
            })
        };
        match self.os {
            OsChoice::Unknown => Ok(Knowledge::default()),
            OsChoice::Linux => stated(OsFamily::Linux),
            OsChoice::Ubuntu => stated(OsFamily::Ubuntu),
            OsChoice::Windows => stated(OsFamily::Windows),
            OsChoice::Facts if self.facts.trim().is_empty() => Err(FormError::FactsMissing),
            OsChoice::Facts => match Facts::from_json(&self.facts) {
                Ok(facts) => Ok(Knowledge {
                    os: OsSet::UNKNOWN,
                    facts: Some(facts),
                }),
                Err(e) => Err(FormError::Facts(e)),
            },
        }
    }

    /// The request the form stands for, borrowing from it.
    pub fn request(&self) -> Request<'_, 'static> {
        let mut request = Request::new(self.profile.profile())
            .with_instance_ids(self.instance_ids.iter().map(String::as_str))
            .with_user_name(self.user_name.as_str());
        if let Some(password) = &self.password {
            request = request.with_password(Password::new(password.expose()));
        }
        if self.force_stop {
            request = request.with_force_stop(true);
        }
        request
    }
}
