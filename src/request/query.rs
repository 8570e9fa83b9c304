//! The query form: `name=value` pairs joined by `&`, decoded as
//! `application/x-www-form-urlencoded` (`+` is a space, invalid `%` escapes are
//! kept literally), byte-exact. Segments are found with `memchr`, and only those
//! holding `%` or `+` are decoded; the query is checked for UTF-8 once.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use super::parameters::{self, Kind, Param};
use super::{Flag, Item, Request, RequestForm, Scalar};
use crate::diagnostic::{Field, IndexReason, ItemName, Params, RuleId};
use crate::limits::{MAX_INPUT_BYTES, MAX_PARAMS};
use crate::profile::Profile;
use crate::rules::fixed_values::parse_flag;

/// The name of the items parameter: its items are `InstanceIds.N`.
const ITEM_PREFIX: &str = Param::ITEMS.name();

/// `InstanceIds.`, what an item's name starts with.
const ITEM_DOT: [u8; ITEM_PREFIX.len() + 1] = {
    let mut bytes = [b'.'; ITEM_PREFIX.len() + 1];
    let mut i = 0;
    while i < ITEM_PREFIX.len() {
        bytes[i] = ITEM_PREFIX.as_bytes()[i];
        i += 1;
    }
    bytes
};

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

/// One non-empty `&`-separated segment.
#[derive(Clone, Copy)]
struct Segment {
    start: usize,
    end: usize,
    /// Whether it holds `%` or `+`, which decoding changes.
    escaped: bool,
}

impl Segment {
    /// The first `=`, if any.
    fn equals(self, query: &[u8]) -> Option<usize> {
        memchr::memchr(b'=', &query[self.start..self.end]).map(|i| self.start + i)
    }
}

/// The segments of a query, by two SIMD searches over the whole query
/// (`memchr`): one for the `&`s, one for the rarer `%` and `+`. The bytes
/// between are never looked at one by one.
struct Segments<'a> {
    query: &'a [u8],
    ands: memchr::Memchr<'a>,
    escapes: memchr::Memchr2<'a>,
    /// Where the next segment starts (past the end: done).
    pos: usize,
    /// The next `%` or `+` at or past `pos` (or the query's length).
    next_escape: usize,
}

impl Iterator for Segments<'_> {
    type Item = Segment;

    #[inline]
    fn next(&mut self) -> Option<Segment> {
        let len = self.query.len();
        while self.pos < len {
            let start = self.pos;
            let end = self.ands.next().unwrap_or(len);
            self.pos = end + 1;
            if end == start {
                continue;
            }
            while self.next_escape < start {
                self.next_escape = self.escapes.next().unwrap_or(len);
            }
            return Some(Segment {
                start,
                end,
                escaped: self.next_escape < end,
            });
        }
        None
    }
}

fn segments(query: &[u8]) -> Segments<'_> {
    let mut escapes = memchr::memchr2_iter(b'%', b'+', query);
    Segments {
        query,
        ands: memchr::memchr_iter(b'&', query),
        pos: 0,
        next_escape: escapes.next().unwrap_or(query.len()),
        escapes,
    }
}

/// An item of the common shape `InstanceIds.<index>=<id>`, read without
/// searching: the index's digits end at the `=`. `None` for anything else
/// (which takes the general path).
#[inline]
fn plain_item(text: &str, segment: Segment) -> Option<(Result<u64, IndexReason>, &str)> {
    let bytes = text.as_bytes().get(segment.start..segment.end)?;
    let digits = bytes.strip_prefix(&ITEM_DOT)?;
    let n = digits.iter().position(|b| !b.is_ascii_digit())?;
    if digits[n] != b'=' {
        return None;
    }
    let value_start = segment.start + ITEM_PREFIX.len() + 1 + n + 1;
    Some((
        parse_digits(&digits[..n]),
        text.get(value_start..segment.end)?,
    ))
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
fn decode<'a>(
    query: &'a [u8],
    text: Option<&'a str>,
    segment: Segment,
    eq: Option<usize>,
) -> Pair<'a> {
    let bytes = &query[segment.start..segment.end];
    let (raw_name, raw_value) = match eq {
        Some(eq) => (&query[segment.start..eq], &query[eq + 1..segment.end]),
        None => (bytes, &bytes[bytes.len()..]),
    };
    if !segment.escaped {
        // Segment bounds sit next to ASCII `&` and `=`: always char boundaries.
        let name_end = eq.unwrap_or(segment.end);
        let value_start = eq.map_or(segment.end, |eq| eq + 1);
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
    let (name, name_is_utf8) = match form_decode(raw_name) {
        Ok(name) => (name, true),
        // A name that is not UTF-8 is reported, lossily decoded.
        Err(bytes) => (
            Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
            false,
        ),
    };
    Pair {
        name,
        name_is_utf8,
        value: form_decode(raw_value).ok(),
        raw_value,
    }
}

/// Decodes a name or value of the query form: `+` is a space, `%XX` a byte, an
/// invalid escape is kept as it is (what `form_urlencoded` does), byte-exact: the
/// bytes when they are not UTF-8. Borrowed when nothing changes.
fn form_decode(raw: &[u8]) -> Result<Cow<'_, str>, Vec<u8>> {
    let decoded: Cow<'_, [u8]> = if raw.contains(&b'+') {
        let spaced: Vec<u8> = raw
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        Cow::Owned(percent_encoding::percent_decode(&spaced).collect())
    } else {
        percent_encoding::percent_decode(raw).into()
    };
    match decoded {
        Cow::Borrowed(bytes) => core::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|_| bytes.to_vec()),
        Cow::Owned(bytes) => String::from_utf8(bytes)
            .map(Cow::Owned)
            .map_err(|e| e.into_bytes()),
    }
}

/// Parses an item index: decimal, no leading zero, fits in `u64`.
fn parse_index(text: &str) -> Result<u64, IndexReason> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IndexReason::Malformed);
    }
    parse_digits(text.as_bytes())
}

/// Parses decimal digits (at least one): no leading zero, fits in `u64`.
#[inline]
fn parse_digits(digits: &[u8]) -> Result<u64, IndexReason> {
    match digits {
        [] => Err(IndexReason::Malformed),
        [b'0', _, ..] => Err(IndexReason::LeadingZero),
        _ => digits.iter().try_fold(0u64, |n, &d| {
            n.checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(d - b'0')))
                .ok_or(IndexReason::Malformed)
        }),
    }
}

pub(super) fn parse<'a, 'p>(input: &'a [u8], profile: &'p Profile) -> Request<'a, 'p> {
    let mut request = Request::empty(profile, RequestForm::Query);
    let query = query_part(input);
    // A parameter takes at least one byte and a separator: an input shorter than
    // the parameter limit cannot pass it. Longer ones count their `&`s, and
    // exactly only when they may be refused (the count is part of the diagnostic).
    let separators = if query.len() < MAX_PARAMS {
        query.len() / 16
    } else {
        memchr::memchr_iter(b'&', query).count()
    };
    let params = if input.len() > MAX_INPUT_BYTES || separators >= MAX_PARAMS {
        segments(query).take(MAX_PARAMS + 1).count()
    } else {
        0
    };
    if input.len() > MAX_INPUT_BYTES || params > MAX_PARAMS {
        request.refuse_too_large(input.len(), params);
        return request;
    }

    let mut seen = Seen::default();
    // Items with a well-formed index, and the others, in input order.
    // Bounded: empty segments (`&&`) do not count as parameters.
    let mut numbered = Numbered::new(&mut request, (separators + 1).min(MAX_PARAMS));
    let mut malformed: Vec<(ItemName, IndexReason, Option<Cow<'a, str>>)> = Vec::new();
    let text = core::str::from_utf8(query).ok();
    let mut previous_was_password = false;
    for (number, segment) in (1..).zip(segments(query)) {
        // The common shape first: `InstanceIds.N=ins-…`, no escapes.
        if let (false, Some(text)) = (segment.escaped, text) {
            if let Some((index, value)) = plain_item(text, segment) {
                previous_was_password = false;
                match index {
                    Ok(i) => numbered.add(&mut request, i, Some(Cow::Borrowed(value))),
                    Err(reason) => {
                        let name = &text[segment.start..segment.end - value.len() - 1];
                        malformed.push((
                            ItemName::Raw(name.into()),
                            reason,
                            Some(Cow::Borrowed(value)),
                        ));
                    }
                }
                continue;
            }
        }
        let eq = segment.equals(query);
        let Pair {
            name,
            name_is_utf8,
            value,
            raw_value,
        } = decode(query, text, segment, eq);
        let has_value = eq.is_some();
        let param = parameters::named(&name).map(|p| p.param);
        let is_password = matches!(param, Some(Some(p)) if matches!(p.kind(), Kind::Secret));
        let after_password = core::mem::replace(&mut previous_was_password, is_password);
        if !name_is_utf8 {
            // A name that is not UTF-8 cannot be a known name.
            request.report_unknown(&name, number, has_value, after_password);
            continue;
        }
        match param {
            // A common parameter.
            Some(None) => {}
            Some(Some(param)) => match param.kind() {
                Kind::Flag(_) => {
                    if repeated(&mut request, &mut seen, param) {
                        continue;
                    }
                    let flag = match value {
                        None => {
                            request.report(RuleId::ParamEncoding, param.field(), Params::None);
                            Flag::Unreadable
                        }
                        Some(text) if text.is_empty() => Flag::Absent,
                        Some(text) => parse_flag(&text).map_or(Flag::Invalid, Flag::Given),
                    };
                    request.set_flag(param, flag);
                }
                Kind::Text(_) | Kind::Secret => {
                    if let Some(text) = scalar(&mut request, &mut seen, param, value) {
                        if is_password && text.text().is_some() {
                            request.password_had_plus = raw_value.contains(&b'+');
                        }
                        request.set_text(param, text);
                    }
                }
                // The items parameter's own name: an item without an index.
                Kind::Items => malformed.push((
                    ItemName::Raw(ITEM_PREFIX.into()),
                    IndexReason::Malformed,
                    value,
                )),
            },
            None if is_item_name(&name) => match parse_index(&name[ITEM_PREFIX.len() + 1..]) {
                Ok(i) => numbered.add(&mut request, i, value),
                Err(reason) => malformed.push((ItemName::Raw((&*name).into()), reason, value)),
            },
            None => request.report_unknown(&name, number, has_value, after_password),
        }
    }
    place_items(&mut request, numbered, malformed);
    request
}

/// Which parameters have been seen (the first value wins; a repeat is
/// reported).
type Seen = [bool; Param::ALL.len()];

fn repeated(request: &mut Request<'_, '_>, seen: &mut Seen, param: Param) -> bool {
    if core::mem::replace(&mut seen[param as usize], true) {
        request.report(RuleId::ParamRepeated, param.field(), Params::None);
        return true;
    }
    false
}

/// Whether `name` names an item: `InstanceIds.` and anything.
fn is_item_name(name: &str) -> bool {
    name.as_bytes().starts_with(&ITEM_DOT)
}

/// A text parameter's value, or `None` when it repeats an earlier one (reported).
fn scalar<'a>(
    request: &mut Request<'a, '_>,
    seen: &mut Seen,
    param: Param,
    value: Option<Cow<'a, str>>,
) -> Option<Scalar<'a>> {
    if repeated(request, seen, param) {
        return None;
    }
    Some(match value {
        Some(text) => Scalar::from_text(text),
        None => {
            request.report(RuleId::ParamEncoding, param.field(), Params::None);
            Scalar::Unreadable
        }
    })
}

/// The items with a well-formed index, as they come: pushed straight into the
/// request while they are numbered consecutively from an index the profile
/// accepts first (the common case), else collected to be sorted.
struct Numbered<'a> {
    in_order: bool,
    /// The index the next item must have to stay in order.
    next: u64,
    unsorted: Vec<(u64, Option<Cow<'a, str>>)>,
}

impl<'a> Numbered<'a> {
    fn new(request: &mut Request<'a, '_>, capacity: usize) -> Numbered<'a> {
        request.instance_ids.reserve(capacity);
        Numbered {
            in_order: true,
            next: 0,
            unsorted: Vec::new(),
        }
    }

    #[inline(always)]
    fn add(&mut self, request: &mut Request<'a, '_>, index: u64, value: Option<Cow<'a, str>>) {
        if self.in_order && value.is_some() {
            let in_order = if request.instance_ids.is_empty() {
                request.profile.index_bases().contains(&index)
            } else {
                index == self.next
            };
            if in_order {
                self.next = index + 1;
                request.instance_ids.push(Item {
                    id: value,
                    name: ItemName::Index(index),
                });
                return;
            }
        }
        if self.in_order {
            // Out of order: the items so far are sorted with the rest.
            self.in_order = false;
            self.unsorted
                .extend(request.instance_ids.drain(..).map(|item| {
                    let index = match item.name {
                        ItemName::Index(i) => i,
                        ItemName::Raw(_) => 0, // never: raw names come later
                    };
                    (index, item.id)
                }));
        }
        self.unsorted.push((index, value));
    }
}

/// Orders the items (well-formed indexes by number, then the malformed ones in
/// input order), reports repeated and out-of-sequence indexes, and stores them.
fn place_items<'a>(
    request: &mut Request<'a, '_>,
    numbered: Numbered<'a>,
    malformed: Vec<(ItemName, IndexReason, Option<Cow<'a, str>>)>,
) {
    let profile = request.profile;
    if numbered.in_order {
        // Already in place, numbered from their first index.
        let base = match request.instance_ids.first().map(|item| &item.name) {
            Some(ItemName::Index(first)) => *first,
            _ => profile.index_base(),
        };
        place_malformed(request, malformed, base);
        return;
    }
    let mut numbered = numbered.unsorted;
    // Stable: a repeat keeps its input order. Items usually come in order already.
    if !numbered.is_sorted_by_key(|(index, _)| *index) {
        numbered.sort_by_key(|(index, _)| *index);
    }
    // The items are numbered from their first index when the profile accepts it
    // (0 or 1 in legacy-2017), else from the profile's own first index.
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
            report_index(request, position, &name, reason, base);
        }
        push_item(request, name, value);
    }
    place_malformed(request, malformed, base);
}

/// The items whose index is malformed, after the others, in input order.
fn place_malformed<'a>(
    request: &mut Request<'a, '_>,
    malformed: Vec<(ItemName, IndexReason, Option<Cow<'a, str>>)>,
    base: u64,
) {
    for (name, reason, value) in malformed {
        report_index(request, request.instance_ids.len(), &name, reason, base);
        push_item(request, name, value);
    }
}

/// Reports the index of the item at `position`: `instance_ids.index`.
fn report_index(
    request: &mut Request<'_, '_>,
    position: usize,
    name: &ItemName,
    reason: IndexReason,
    base: u64,
) {
    let field = Field::InstanceId {
        position,
        name: name.clone(),
    };
    request.report(
        RuleId::InstanceIdsIndex,
        field,
        Params::Index { reason, base },
    );
}

/// Adds an item; one whose value is not UTF-8 is reported.
#[inline]
fn push_item<'a>(request: &mut Request<'a, '_>, name: ItemName, value: Option<Cow<'a, str>>) {
    if value.is_none() {
        let field = Field::InstanceId {
            position: request.instance_ids.len(),
            name: name.clone(),
        };
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
        decode(
            query,
            core::str::from_utf8(query).ok(),
            segment,
            segment.equals(query),
        )
    }

    #[test]
    fn segments_skip_empty_ones_and_find_the_first_equals() {
        let query = b"&&a=b=c&&d&e%41=+&";
        let found: Vec<(usize, usize, Option<usize>, bool)> = segments(query)
            .map(|s| (s.start, s.end, s.equals(query), s.escaped))
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
    fn plain_items_read_as_the_general_path_does() {
        let item = |q: &'static str| {
            let segment = segments(q.as_bytes()).next().unwrap();
            plain_item(q, segment)
        };
        assert_eq!(item("InstanceIds.12=ins-abc"), Some((Ok(12), "ins-abc")));
        assert_eq!(item("InstanceIds.0="), Some((Ok(0), "")));
        assert_eq!(
            item("InstanceIds.01=x"),
            Some((Err(IndexReason::LeadingZero), "x"))
        );
        assert_eq!(
            item("InstanceIds.=x"),
            Some((Err(IndexReason::Malformed), "x"))
        );
        assert_eq!(
            item("InstanceIds.99999999999999999999=x"),
            Some((Err(IndexReason::Malformed), "x"))
        );
        // Anything else takes the general path.
        assert_eq!(item("InstanceIds.1"), None);
        assert_eq!(item("InstanceIds.1x=y"), None);
        assert_eq!(item("InstanceIds=y"), None);
        assert_eq!(item("Password=x"), None);
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
