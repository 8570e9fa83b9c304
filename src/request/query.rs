//! The query form: `name=value` pairs joined by `&`, decoded by `form_urlencoded`
//! (`+` is a space, invalid `%` escapes are kept literally).

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::{ForceStop, Item, Request, RequestForm, Scalar, COMMON_PARAMETERS};
use crate::diagnostic::{Field, IndexReason, ItemName, Params, RuleId};
use crate::limits::{MAX_INPUT_BYTES, MAX_PARAMS};
use crate::profile::Profile;
use crate::rules::params::parse_force_stop;
use crate::secret::Password;

const ITEM_PREFIX: &str = "InstanceIds";

/// The query of a full URL (after its first `?`), or the input itself. The input
/// is taken as a URL only when nothing before the `?` looks like a parameter, so a
/// `?` inside a bare query's value (it is a special character) is left alone.
fn query_part(input: &[u8]) -> &[u8] {
    for (i, &b) in input.iter().enumerate() {
        match b {
            b'?' => return &input[i + 1..],
            b'=' | b'&' => return input,
            _ => {}
        }
    }
    input
}

/// One non-empty `&`-separated segment, found in a single pass over the query.
#[derive(Clone, Copy)]
struct Segment {
    start: usize,
    end: usize,
    /// The first `=`, if any.
    eq: Option<usize>,
    /// Whether it holds `%` or `+`, which decoding changes.
    escaped: bool,
}

struct Segments<'a> {
    query: &'a [u8],
    pos: usize,
}

impl Iterator for Segments<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        while self.pos < self.query.len() {
            let start = self.pos;
            let mut segment = Segment {
                start,
                end: self.query.len(),
                eq: None,
                escaped: false,
            };
            for (i, &b) in self.query[start..].iter().enumerate() {
                match b {
                    b'&' => {
                        segment.end = start + i;
                        break;
                    }
                    b'=' if segment.eq.is_none() => segment.eq = Some(start + i),
                    b'%' | b'+' => segment.escaped = true,
                    _ => {}
                }
            }
            self.pos = segment.end + 1;
            if segment.end > start {
                return Some(segment);
            }
        }
        None
    }
}

fn segments(query: &[u8]) -> Segments<'_> {
    Segments { query, pos: 0 }
}

/// A decoded `name=value` segment.
struct Pair<'a> {
    /// The name, lossily decoded.
    name: Cow<'a, str>,
    /// Whether the name was UTF-8 once decoded.
    name_is_utf8: bool,
    /// The value; `None` when it is not UTF-8 once decoded.
    value: Option<Cow<'a, str>>,
    /// The value before decoding.
    raw_value: &'a [u8],
}

/// Decodes one segment. Without `%` or `+` a segment decodes to itself: in a query
/// that is UTF-8 as a whole (`text`), it is borrowed as it is, without validating
/// it again (most parameters: names, ids, versions). Anything else goes through
/// `form_urlencoded`.
fn decode<'a>(query: &'a [u8], text: Option<&'a str>, segment: Segment) -> Pair<'a> {
    let bytes = &query[segment.start..segment.end];
    let (raw_name, raw_value) = match segment.eq {
        Some(eq) => (&query[segment.start..eq], &query[eq + 1..segment.end]),
        None => (bytes, &bytes[bytes.len()..]),
    };
    if !segment.escaped {
        // Segment bounds sit next to ASCII `&` and `=`: always char boundaries.
        let name_end = segment.eq.unwrap_or(segment.end);
        let value_start = segment.eq.map_or(segment.end, |eq| eq + 1);
        let borrowed = text.and_then(|t| {
            Some((
                t.get(segment.start..name_end)?,
                t.get(value_start..segment.end)?,
            ))
        });
        if let Some((name, value)) = borrowed {
            return Pair {
                name: Cow::Borrowed(name),
                name_is_utf8: true,
                value: Some(Cow::Borrowed(value)),
                raw_value,
            };
        }
    }
    let (name, value) = form_urlencoded::parse(bytes)
        .next()
        .unwrap_or((Cow::Borrowed(""), Cow::Borrowed("")));
    Pair {
        name_is_utf8: is_utf8(&name, raw_name),
        value: is_utf8(&value, raw_value).then_some(value),
        name,
        raw_value,
    }
}

/// form_urlencoded decodes lossily: a replacement character means the bytes may
/// not have been UTF-8, which only a byte-exact decode of the raw text can tell.
fn is_utf8(decoded: &str, raw: &[u8]) -> bool {
    const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();
    let lossy = decoded
        .as_bytes()
        .windows(REPLACEMENT.len())
        .any(|w| w == REPLACEMENT);
    !lossy || percent_encoding::percent_decode(raw).decode_utf8().is_ok()
}

/// Parses an item index: decimal, no leading zero, fits in `u64`.
fn parse_index(text: &str) -> Result<u64, IndexReason> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IndexReason::Malformed);
    }
    if text.len() > 1 && text.starts_with('0') {
        return Err(IndexReason::LeadingZero);
    }
    text.parse().map_err(|_| IndexReason::Malformed)
}

pub(super) fn parse<'a, 'p>(input: &'a [u8], profile: &'p Profile) -> Request<'a, 'p> {
    let mut request = Request::empty(profile, RequestForm::Query);
    let query = query_part(input);
    // The `&`s bound the parameters from above: count them exactly only when the
    // input may be refused (the count is part of the diagnostic).
    let separators = query.iter().filter(|&&b| b == b'&').count();
    let params = if input.len() > MAX_INPUT_BYTES || separators >= MAX_PARAMS {
        segments(query).take(MAX_PARAMS + 1).count()
    } else {
        0
    };
    if input.len() > MAX_INPUT_BYTES || params > MAX_PARAMS {
        request.refuse(
            RuleId::InputTooLarge,
            Params::TooLarge {
                max_bytes: MAX_INPUT_BYTES,
                max_params: MAX_PARAMS,
                bytes: input.len(),
                params,
            },
        );
        return request;
    }

    let mut seen = Seen::default();
    // Items with a well-formed index, and the others, in input order.
    // Bounded: empty segments (`&&`) do not count as parameters.
    let mut numbered: Vec<(u64, Option<Cow<'a, str>>)> =
        Vec::with_capacity((separators + 1).min(MAX_PARAMS));
    let mut malformed: Vec<(ItemName, IndexReason, Option<Cow<'a, str>>)> = Vec::new();
    let text = core::str::from_utf8(query).ok();
    let mut previous_was_password = false;
    for (number, segment) in (1..).zip(segments(query)) {
        let Pair {
            name,
            name_is_utf8,
            value,
            raw_value,
        } = decode(query, text, segment);
        let has_value = segment.eq.is_some();
        let after_password = core::mem::replace(&mut previous_was_password, name == "Password");
        if !name_is_utf8 {
            // A name that is not UTF-8 cannot be a known name.
            request.report_unknown(&name, number, has_value, after_password);
            continue;
        }
        match &*name {
            "Action" => {
                if let Some(v) = scalar(&mut request, &mut seen.action, Field::Action, value) {
                    request.action = v;
                }
            }
            "Version" => {
                if let Some(v) = scalar(&mut request, &mut seen.version, Field::Version, value) {
                    request.version = v;
                }
            }
            "UserName" => {
                if let Some(v) = scalar(&mut request, &mut seen.user_name, Field::UserName, value) {
                    request.user_name = v;
                }
            }
            "Password" => {
                if repeated(&mut request, &mut seen.password, Field::Password) {
                    continue;
                }
                match value {
                    None => {
                        request.report(RuleId::ParamEncoding, Field::Password, Params::None);
                        request.password_unreadable = true;
                    }
                    Some(text) if text.is_empty() => {}
                    Some(text) => {
                        request.password_had_plus = raw_value.contains(&b'+');
                        request.password = Some(Password::new(text));
                    }
                }
            }
            "ForceStop" => {
                if repeated(&mut request, &mut seen.force_stop, Field::ForceStop) {
                    continue;
                }
                request.force_stop = match value {
                    None => {
                        request.report(RuleId::ParamEncoding, Field::ForceStop, Params::None);
                        ForceStop::Unreadable
                    }
                    Some(text) if text.is_empty() => ForceStop::Absent,
                    Some(text) => {
                        parse_force_stop(&text).map_or(ForceStop::Invalid, ForceStop::Given)
                    }
                };
            }
            n if n == ITEM_PREFIX || n.starts_with("InstanceIds.") => {
                let index = n.get(ITEM_PREFIX.len() + 1..).unwrap_or("");
                match parse_index(if n == ITEM_PREFIX { "" } else { index }) {
                    Ok(i) => numbered.push((i, value)),
                    Err(reason) => malformed.push((ItemName::Raw(n.into()), reason, value)),
                }
            }
            n if COMMON_PARAMETERS.contains(&n) => {}
            n => request.report_unknown(n, number, has_value, after_password),
        }
    }
    place_items(&mut request, numbered, malformed);
    request
}

/// Which scalars have been seen (the first value wins; a repeat is reported).
#[derive(Default)]
struct Seen {
    action: bool,
    version: bool,
    password: bool,
    user_name: bool,
    force_stop: bool,
}

fn repeated(request: &mut Request<'_, '_>, seen: &mut bool, field: Field) -> bool {
    if *seen {
        request.report(RuleId::ParamRepeated, field, Params::None);
        return true;
    }
    *seen = true;
    false
}

/// A scalar's value, or `None` when it repeats an earlier one (reported).
fn scalar<'a>(
    request: &mut Request<'a, '_>,
    seen: &mut bool,
    field: Field,
    value: Option<Cow<'a, str>>,
) -> Option<Scalar<'a>> {
    if repeated(request, seen, field.clone()) {
        return None;
    }
    Some(match value {
        Some(text) => Scalar::from_text(text),
        None => {
            request.report(RuleId::ParamEncoding, field, Params::None);
            Scalar::Unreadable
        }
    })
}

/// Orders the items (well-formed indexes by number, then the malformed ones in
/// input order), reports repeated and out-of-sequence indexes, and stores them.
fn place_items<'a>(
    request: &mut Request<'a, '_>,
    mut numbered: Vec<(u64, Option<Cow<'a, str>>)>,
    malformed: Vec<(ItemName, IndexReason, Option<Cow<'a, str>>)>,
) {
    // Stable: a repeat keeps its input order. Items usually come in order already.
    if !numbered.is_sorted_by_key(|(index, _)| *index) {
        numbered.sort_by_key(|(index, _)| *index);
    }
    // The items are numbered from their first index when the profile accepts it
    // (0 or 1 in legacy-2017), else from the profile's own first index.
    let profile = request.profile;
    let base = numbered
        .first()
        .map(|(first, _)| *first)
        .filter(|first| profile.index_bases().contains(first))
        .unwrap_or(profile.index_base());
    request
        .instance_ids
        .reserve(numbered.len() + malformed.len());
    let mut expected = base;
    let mut previous: Option<u64> = None;
    for (index, value) in numbered {
        let position = request.instance_ids.len();
        let name = ItemName::Index(index);
        if previous == Some(index) {
            // Reported beside the item it repeats; not an item itself.
            let field = Field::InstanceId {
                position: position - 1,
                name,
            };
            request.report(RuleId::ParamRepeated, field, Params::None);
            continue;
        }
        previous = Some(index);
        let field = Field::InstanceId {
            position,
            name: name.clone(),
        };
        let reason = if index < base {
            Some(IndexReason::BelowBase)
        } else if index != expected {
            Some(IndexReason::Gap)
        } else {
            None
        };
        if index >= base {
            expected = index.saturating_add(1);
        }
        if let Some(reason) = reason {
            request.report(
                RuleId::InstanceIdsIndex,
                field.clone(),
                Params::Index { reason, base },
            );
        }
        push_item(request, field, name, value);
    }
    for (name, reason, value) in malformed {
        let field = Field::InstanceId {
            position: request.instance_ids.len(),
            name: name.clone(),
        };
        request.report(
            RuleId::InstanceIdsIndex,
            field.clone(),
            Params::Index { reason, base },
        );
        push_item(request, field, name, value);
    }
}

fn push_item<'a>(
    request: &mut Request<'a, '_>,
    field: Field,
    name: ItemName,
    value: Option<Cow<'a, str>>,
) {
    if value.is_none() {
        request.report(RuleId::ParamEncoding, field, Params::None);
    }
    request.instance_ids.push(Item { id: value, name });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_or_bare_query() {
        assert_eq!(query_part(b"https://h/v2/index.php?Action=x"), b"Action=x");
        assert_eq!(
            query_part(b"Password=ab?c&Action=x"),
            b"Password=ab?c&Action=x"
        );
        assert_eq!(query_part(b"?Action=x"), b"Action=x");
        assert_eq!(query_part(b"Action=x"), b"Action=x");
    }

    #[test]
    fn indexes() {
        assert_eq!(parse_index("1"), Ok(1));
        assert_eq!(parse_index("0"), Ok(0));
        assert_eq!(parse_index("01"), Err(IndexReason::LeadingZero));
        assert_eq!(parse_index(""), Err(IndexReason::Malformed));
        assert_eq!(parse_index("-1"), Err(IndexReason::Malformed));
        assert_eq!(parse_index("1x"), Err(IndexReason::Malformed));
        assert_eq!(
            parse_index("99999999999999999999999"),
            Err(IndexReason::Malformed)
        );
    }

    fn decode_one(query: &[u8]) -> Pair<'_> {
        let segment = segments(query).next().unwrap();
        decode(query, core::str::from_utf8(query).ok(), segment)
    }

    #[test]
    fn segments_skip_empty_ones_and_find_the_first_equals() {
        let query = b"&&a=b=c&&d&e%41=+&";
        let found: Vec<(usize, usize, Option<usize>, bool)> = segments(query)
            .map(|s| (s.start, s.end, s.eq, s.escaped))
            .collect();
        assert_eq!(
            found,
            [
                (2, 7, Some(3), false),
                (9, 10, None, false),
                (11, 17, Some(15), true)
            ]
        );
        assert_eq!(segments(b"").count(), 0);
        assert_eq!(segments(b"&&&").count(), 0);
    }

    #[test]
    fn decoding_keeps_invalid_escapes_and_flags_non_utf8() {
        let pair = decode_one(b"Password=a%zzb+c%2B");
        assert_eq!(pair.name, "Password");
        assert_eq!(pair.value.as_deref(), Some("a%zzb c+"));
        assert_eq!(decode_one(b"Password=%FF").value, None);
        assert!(!decode_one(b"%FF=1").name_is_utf8);
        let pair = decode_one("Password=\u{FFFD}".as_bytes());
        assert_eq!(pair.value.as_deref(), Some("\u{FFFD}"));
        let pair = decode_one(b"flag");
        assert_eq!((&*pair.name, pair.value.as_deref()), ("flag", Some("")));
    }
}
