//! Messages for people: a pure function of (rule, field, params, locale), in English
//! and Simplified Chinese. Bounds are stated exactly and every message says what to
//! do. No message can hold password text: none is ever passed in.

use alloc::string::String;
use core::fmt::Write;

use crate::diagnostic::{
    Diagnostic, Field, IdReason, IndexReason, JsonType, Params, RuleId, password_rule_ids,
};
use crate::locale::{Locale, localized, text};
use crate::rules;

fn state_advice(locale: Locale) -> &'static str {
    match locale {
        Locale::En => {
            "the password can be reset only when the instance is RUNNING or STOPPED; wait until it is stopped or running, then retry"
        }
        Locale::ZhCn => {
            "只有处于 RUNNING 或 STOPPED 状态的实例才能重置密码；请等待实例进入关机或运行状态后重试"
        }
    }
}

impl Diagnostic {
    /// A sentence for people, in `locale`: what is wrong and what to do. It never
    /// holds password text.
    pub fn message(&self, locale: Locale) -> String {
        diagnostic(self, locale)
    }
}

/// The message of a diagnostic.
fn diagnostic(d: &Diagnostic, locale: Locale) -> String {
    let field = d.field();
    let en = locale == Locale::En;
    match d.rule() {
        password_rule_ids!() => rules::failure_message(d.rule(), d.params(), locale)
            .unwrap_or_else(|| unexpected(d, locale)),
        RuleId::InputTooLarge => {
            let Params::TooLarge {
                max_bytes,
                max_params,
                bytes,
                params,
            } = d.params()
            else {
                return unexpected(d, locale);
            };
            localized!(
                locale,
                "The request is too large: at most {max_bytes} bytes and {max_params} parameters are accepted, and it has {bytes} bytes and {params} parameters. Send a smaller request.",
                "请求过大：最多接受 {max_bytes} 字节、{max_params} 个参数，当前为 {bytes} 字节、{params} 个参数。请缩小请求。"
            )
        }
        RuleId::InputSyntax => {
            let Params::Syntax { line, column } = d.params() else {
                return unexpected(d, locale);
            };
            localized!(
                locale,
                "The request is not a valid JSON object (line {line}, column {column}). Fix the JSON syntax.",
                "请求不是有效的 JSON 对象（第 {line} 行，第 {column} 列）。请修正 JSON 语法。"
            )
        }
        RuleId::ParamRepeated => {
            localized!(
                locale,
                "{field} is given more than once; send it once.",
                "参数 {field} 重复出现；请只传一次。"
            )
        }
        RuleId::ParamEncoding => {
            localized!(
                locale,
                "{field} is not valid UTF-8 after percent-decoding; encode the value as UTF-8 before percent-encoding it.",
                "参数 {field} 解码后不是有效的 UTF-8；请先以 UTF-8 编码，再进行百分号编码。"
            )
        }
        RuleId::ParamType => {
            let Params::Type { expected } = d.params() else {
                return unexpected(d, locale);
            };
            let (e, z) = match expected {
                JsonType::String => ("a string", "字符串"),
                JsonType::StringArray => ("an array of strings", "字符串数组"),
                JsonType::Boolean => ("a boolean (true or false)", "布尔值（true 或 false）"),
                JsonType::Object => ("an object", "对象"),
            };
            match (en, field) {
                (true, Field::Input) => text!("The request body must be {e}."),
                (false, Field::Input) => text!("请求体必须是{z}。"),
                (true, _) => text!("{field} must be {e}."),
                (false, _) => text!("参数 {field} 必须是{z}。"),
            }
        }
        RuleId::InstanceIdsIndex => {
            let Params::Index { reason, base } = d.params() else {
                return unexpected(d, locale);
            };
            let rule_en = text!(
                "InstanceIds.N indexes are decimal numbers starting at {base}, without leading zeros or gaps"
            );
            let rule_zh =
                text!("InstanceIds.N 的下标必须是从 {base} 开始、没有前导零且连续的十进制数");
            let (why_en, why_zh) = match reason {
                IndexReason::Malformed => ("its index is not a decimal number", "下标不是十进制数"),
                IndexReason::LeadingZero => ("its index has a leading zero", "下标有前导零"),
                IndexReason::BelowBase => {
                    ("its index is below the first index", "下标小于起始下标")
                }
                IndexReason::Gap => ("the indexes before it leave a gap", "下标不连续"),
            };
            localized!(
                locale,
                "{field}: {why_en}; {rule_en}. Renumber the items.",
                "{field}：{why_zh}；{rule_zh}。请重新编号。"
            )
        }
        RuleId::ParamMissing => match (en, field) {
            (true, Field::InstanceIds) => {
                text!("InstanceIds is required: give at least one instance ID.")
            }
            (false, Field::InstanceIds) => {
                text!("缺少必选参数 InstanceIds：请至少指定一个实例 ID。")
            }
            (true, _) => text!("{field} is required."),
            (false, _) => text!("缺少必选参数 {field}。"),
        },
        RuleId::ActionValue | RuleId::VersionValue => {
            let Params::Expected { expected } = d.params() else {
                return unexpected(d, locale);
            };
            localized!(
                locale,
                "{field} must be {expected}.",
                "参数 {field} 必须为 {expected}。"
            )
        }
        RuleId::InstanceIdsCount => {
            let Params::Range { min, max, actual } = d.params() else {
                return unexpected(d, locale);
            };
            localized!(
                locale,
                "InstanceIds must hold {min} to {max} instance IDs, and it holds {actual}. Split the batch into requests of at most {max}.",
                "InstanceIds 必须包含 {min} 到 {max} 个实例 ID，当前为 {actual} 个。请拆分为每批最多 {max} 个的多个请求。"
            )
        }
        RuleId::InstanceIdFormat => {
            let Params::InstanceId { reason } = d.params() else {
                return unexpected(d, locale);
            };
            let (why_en, why_zh) = match reason {
                IdReason::Prefix => ("it does not start with ins-", "没有以 ins- 开头"),
                IdReason::Length => ("it is not 12 characters long", "长度不是 12 个字符"),
                IdReason::Charset => (
                    "after ins- it holds characters other than a–z and 0–9",
                    "ins- 之后含有 a–z、0–9 以外的字符",
                ),
            };
            localized!(
                locale,
                "{field} is not a valid instance ID: {why_en}. An instance ID is ins- followed by 8 lowercase letters or digits, such as ins-r8hr2upy.",
                "{field} 不是有效的实例 ID：{why_zh}。实例 ID 由 ins- 加 8 位小写字母或数字组成，例如 ins-r8hr2upy。"
            )
        }
        RuleId::InstanceIdsDuplicate => {
            let Params::Duplicate { first } = d.params() else {
                return unexpected(d, locale);
            };
            localized!(
                locale,
                "{field} repeats the instance ID of {first}; remove the repeat.",
                "{field} 与 {first} 的实例 ID 重复；请删除重复项。"
            )
        }
        RuleId::InstanceIdNotFound => {
            localized!(
                locale,
                "{field}: the instance facts given do not know this instance ID; check the ID and the region.",
                "{field}：所给实例信息中没有该实例 ID；请检查实例 ID 和地域。"
            )
        }
        RuleId::InstanceIdNotInFacts => {
            localized!(
                locale,
                "{field}: the instance facts given are one page of a longer list and do not show this instance ID, so its OS is taken as unknown (strictest policy); give every page to check it.",
                "{field}：所给实例信息只是分页结果的一部分，其中没有该实例 ID，因此其操作系统按未知处理（采用最严格的策略）；请提供全部分页以检查该实例。"
            )
        }
        RuleId::InstanceStateUnknown => {
            let Params::State { state } = d.params() else {
                return unexpected(d, locale);
            };
            localized!(
                locale,
                "{field} is in the state {state}, which this check does not know: nothing is blocked on it, but the server may refuse the reset.",
                "{field} 处于本检查未知的状态 {state}：不会因此拦截，但服务器可能拒绝重置。"
            )
        }
        RuleId::InstanceRunningWithoutForceStop => {
            localized!(
                locale,
                "{field} is RUNNING: give ForceStop (TRUE forces the shutdown, FALSE shuts it down normally first), or stop the instance first.",
                "{field} 正在运行：请指定 ForceStop（TRUE 强制关机，FALSE 先正常关机），或先将实例关机。"
            )
        }
        RuleId::InstanceRunningSoftStop => {
            localized!(
                locale,
                "{field} is RUNNING and ForceStop is false. API 3.0's page for this action says \"重置处于运行中状态的实例密码，需要设置关机参数ForceStop为TRUE\" (a running instance needs ForceStop set to TRUE); with false the server shuts it down normally, without forcing, and the reset fails if that shutdown fails. Set ForceStop to true, or stop the instance first.",
                "{field} 正在运行且 ForceStop 为 false。API 3.0 的本接口文档写明：“重置处于运行中状态的实例密码，需要设置关机参数ForceStop为TRUE”；为 false 时服务器只正常关机、不强制关机，若正常关机失败则重置失败。请将 ForceStop 设为 true，或先将实例关机。"
            )
        }
        RuleId::InstanceStopCharging => {
            localized!(
                locale,
                "{field} is stopped without charging (StopChargingMode STOP_CHARGING), which does not allow a password reset: start it, or stop it in the mode that keeps charging, then reset the password.",
                "{field} 处于关机不收费状态（StopChargingMode 为 STOP_CHARGING），不支持重置密码：请先开机，或改为关机继续收费后再重置。"
            )
        }
        RuleId::InstanceState => {
            let Params::State { state } = d.params() else {
                return unexpected(d, locale);
            };
            let advice = state_advice(locale);
            localized!(
                locale,
                "{field} is {state}: {advice}.",
                "{field} 处于 {state} 状态：{advice}。"
            )
        }
        RuleId::Custom(_) => {
            let Params::Custom(failure) = d.params() else {
                return unexpected(d, locale);
            };
            failure.message(locale)
        }
        RuleId::UsernameLength => {
            let Params::Range { max, actual, .. } = d.params() else {
                return unexpected(d, locale);
            };
            localized!(
                locale,
                "UserName must be at most {max} characters long, and it has {actual}. Use a shorter user name.",
                "UserName 长度不能超过 {max} 个字符，当前为 {actual} 个。请使用更短的用户名。"
            )
        }
        RuleId::ForceStopValue => {
            let Params::Expected { expected } = d.params() else {
                return unexpected(d, locale);
            };
            match (en, *expected) {
                (true, "boolean") => text!("ForceStop must be a JSON boolean (true or false)."),
                (false, "boolean") => text!("ForceStop 必须是 JSON 布尔值（true 或 false）。"),
                (true, _) => text!("ForceStop must be TRUE or FALSE (in any case)."),
                (false, _) => text!("ForceStop 必须为 TRUE 或 FALSE（不区分大小写）。"),
            }
        }
        RuleId::ParamUnknown => {
            let Params::Unknown {
                suggestion,
                name_hidden,
                after_password,
            } = d.params()
            else {
                return unexpected(d, locale);
            };
            let mut out = match (en, name_hidden) {
                (true, false) => {
                    text!("{field} is not a parameter of ResetInstancesPassword and is ignored.")
                }
                (true, true) => text!(
                    "Parameter {field} (its name is not shown: it may hold part of a value) is not a parameter of ResetInstancesPassword and is ignored."
                ),
                (false, false) => text!("{field} 不是 ResetInstancesPassword 的参数，将被忽略。"),
                (false, true) => text!(
                    "第 {field} 个参数（名称不予显示：其中可能含有参数值的一部分）不是 ResetInstancesPassword 的参数，将被忽略。"
                ),
            };
            if let Some(s) = suggestion {
                let _ = if en {
                    write!(out, " Did you mean {s}?")
                } else {
                    write!(out, "是否应为 {s}？")
                };
            }
            // A known word after `Password` is a misspelling, not a password fragment.
            if *after_password && *name_hidden {
                out.push_str(if en {
                    " It directly follows Password: if it is part of the password, send a & in the password as %26."
                } else {
                    "它紧跟在 Password 之后：如果它是密码的一部分，密码中的 & 请编码为 %26。"
                });
            }
            out
        }
    }
}

/// The message of a diagnostic whose params have another shape than its rule's
/// (only a diagnostic built by hand has them): still something useful.
fn unexpected(d: &Diagnostic, locale: Locale) -> String {
    let (field, rule) = (d.field(), d.rule());
    localized!(
        locale,
        "{field}: rule {rule} is not met.",
        "{field}：不满足规则 {rule}。"
    )
}
