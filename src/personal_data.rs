//! Personal data in text a department sends: mobile and landline numbers, resident ID numbers
//! (18 characters with a valid check digit) and e-mail addresses, found so that none is published
//! by accident. Digit runs and one `@` are all it looks at, so a 文号, a year, a division code or
//! a 编号 is never taken for a phone number.

/// What kind of personal data a text holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Mobile,
    Landline,
    IdCard,
    Email,
}

impl Kind {
    /// How messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Mobile => "手机号码",
            Kind::Landline => "固定电话号码",
            Kind::IdCard => "身份证号码",
            Kind::Email => "电子邮箱",
        }
    }
}

/// The first kind of personal data in `text` (in the order of [`Kind`]), if any.
pub fn find(text: &str) -> Option<Kind> {
    kinds(text).into_iter().next()
}

/// Every kind of personal data in `text`, in the order of [`Kind`].
pub fn kinds(text: &str) -> Vec<Kind> {
    // Every kind needs an `@` or ten digits (a landline with its area code is the shortest):
    // most lines of a notice have a date or a figure, and are passed over by this byte count.
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    let wide = || text.chars().any(|c| ('０'..='９').contains(&c) || c == '＠');
    if digits < 10 && !text.contains('@') && !wide() {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().map(half_width).collect();
    let mut found = std::collections::BTreeSet::new();
    if has_email(&chars) {
        found.insert(Kind::Email);
    }
    let groups = digit_groups(&chars);
    for (i, g) in groups.iter().enumerate() {
        // A number written in parts: 138-1234-5678, 0931-8765432, (0931)8765432, 138 1234 5678.
        let mut joined = g.digits.clone();
        let mut end = i;
        while let Some(next) = groups.get(end + 1).filter(|n| n.joined_to_previous) {
            joined.push_str(&next.digits);
            end += 1;
            if let Some(kind) = phone(&joined, g.digits.len()) {
                found.insert(kind);
                break;
            }
        }
        found.extend(phone(&g.digits, g.digits.len()).or_else(|| id_card(&g.digits, g.x_after)));
    }
    found.into_iter().collect()
}

/// Full-width digits, `＠`, `－` and parentheses as their ASCII forms.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '＠' => '@',
        '－' | '—' | '–' => '-',
        '（' => '(',
        '）' => ')',
        'ｘ' | 'Ｘ' => 'X',
        _ => c,
    }
}

/// A run of digits, whether it continues the run before it (after one `-`, space or `)`), and
/// whether an `X` ends it (the check character of an ID number).
struct DigitGroup {
    digits: String,
    joined_to_previous: bool,
    x_after: bool,
}

fn digit_groups(chars: &[char]) -> Vec<DigitGroup> {
    let mut out: Vec<DigitGroup> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        // A run inside a word (an ASCII letter right before it) is a code, not a number.
        let after_letter = start > 0 && chars[start - 1].is_ascii_alphabetic();
        let joined = start >= 2
            && matches!(chars[start - 1], '-' | ' ' | ')')
            && chars[start - 2].is_ascii_digit()
            && !out.is_empty();
        let x_after = chars.get(i).is_some_and(|c| *c == 'X' || *c == 'x')
            && !chars.get(i + 1).is_some_and(char::is_ascii_alphanumeric);
        let letter_after = !x_after && chars.get(i).is_some_and(char::is_ascii_alphabetic);
        if after_letter || letter_after {
            continue;
        }
        out.push(DigitGroup {
            digits: chars[start..i].iter().collect(),
            joined_to_previous: joined,
            x_after,
        });
    }
    out
}

/// A mobile number (11 digits from 13–19) or a landline with its area code (0 and 2–3 digits,
/// then 7–8 digits; written together only with a four-digit area code: 0931 8765432, 09318765432).
fn phone(digits: &str, first_group: usize) -> Option<Kind> {
    let b = digits.as_bytes();
    if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
        return Some(Kind::Mobile);
    }
    let landline = b.first() == Some(&b'0')
        && b.get(1).is_some_and(|d| *d != b'0')
        && match first_group {
            3 | 4 if first_group < b.len() => (7..=8).contains(&(b.len() - first_group)),
            _ => b.len() == 11 || b.len() == 12,
        };
    landline.then_some(Kind::Landline)
}

/// An 18-character resident ID number (GB 11643): 17 digits and a check digit or `X` that match,
/// with a real birth date in it.
fn id_card(digits: &str, x_after: bool) -> Option<Kind> {
    let (body, check) = match (digits.len(), x_after) {
        (17, true) => (digits, 'X'),
        (18, false) => (&digits[..17], digits.chars().last()?),
        _ => return None,
    };
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let expected = b"10X98765432"[(sum % 11) as usize] as char;
    let year: i32 = body[6..10].parse().ok()?;
    let month: u32 = body[10..12].parse().ok()?;
    let day: u32 = body[12..14].parse().ok()?;
    let born = (1900..=2100).contains(&year) && chrono::NaiveDate::from_ymd_opt(year, month, day).is_some();
    (check == expected && born).then_some(Kind::IdCard)
}

/// `name@host.tld`: letters, digits or `._%+-` before the `@`, a dotted host with a letter
/// ending after it.
fn has_email(chars: &[char]) -> bool {
    let local = |c: &char| c.is_ascii_alphanumeric() || "._%+-".contains(*c);
    let host = |c: &char| c.is_ascii_alphanumeric() || *c == '.' || *c == '-';
    chars.iter().enumerate().filter(|(_, c)| **c == '@').any(|(at, _)| {
        let before = chars[..at].iter().rev().take_while(|c| local(c)).count();
        let after: String = chars[at + 1..].iter().take_while(|c| host(c)).collect();
        let after = after.trim_end_matches('.');
        before > 0
            && after.contains('.')
            && after
                .rsplit('.')
                .next()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_ids_and_mail_are_found_as_offices_write_them() {
        for (text, kind) in [
            ("13812345678", Kind::Mobile),
            ("联系人：王老师 138-1234-5678", Kind::Mobile),
            ("138 1234 5678", Kind::Mobile),
            ("１３９１２３４５６７８", Kind::Mobile),
            ("电话 0931-8765432", Kind::Landline),
            ("（0932）6123456", Kind::Landline),
            ("0775－2233445", Kind::Landline),
            ("09318765432", Kind::Landline),
            ("11010519491231002X", Kind::IdCard),
            ("身份证 440304199001011233 号", Kind::IdCard),
            ("620121198506150014", Kind::IdCard),
            ("wang.laoshi@example.edu.cn", Kind::Email),
            ("邮箱：jyj_01@163.com。", Kind::Email),
        ] {
            assert_eq!(find(text), Some(kind), "{text}");
        }
    }

    #[test]
    fn every_kind_in_a_line_is_found() {
        assert_eq!(
            kinds("邮箱 a@b.cn，电话 0771-5815198，手机 13812345678"),
            vec![Kind::Mobile, Kind::Landline, Kind::Email]
        );
    }

    #[test]
    fn numbers_that_are_not_personal_are_left_alone() {
        for text in [
            "定市教发〔2024〕12号",
            "2022-06-09",
            "620121",
            "620121000000",
            "编号 33",
            "培训教师 1200 人次，经费 13800000 元",
            "440304199001011234",
            "19991231235959",
            "ISBN 9787040123456",
            "tel13812345678x",
            "@/notices/a.md",
            "user@localhost",
            "2021—2025年",
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }
}
