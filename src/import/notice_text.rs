//! The parts of an official notice as its lines show them (GB/T 9704 layout): the 文号, the
//! title, the 附件 list, the 落款's date (also in Chinese numerals), the headings of the body
//! (一、（一）1.（1）) and the lines that are no part of the text (（此件公开发布）, 抄送 …).

/// The 文号 in a line (`定教发〔2024〕12号`, with any brackets around the year, or none), if
/// the line holds one; a line with 签发人 keeps only the 文号.
pub fn doc_number(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let end = chars.iter().position(|&c| c == '号')?;
    // Back from 号: digits, then the year in brackets, then the issuer's abbreviation.
    let mut i = end;
    while i > 0 && chars[i - 1].is_ascii_digit() {
        i -= 1;
    }
    if i == end {
        return None;
    }
    let close = i.checked_sub(1)?;
    if !"〕]）)】".contains(chars[close]) {
        return None;
    }
    let year_end = close;
    let mut j = year_end;
    while j > 0 && chars[j - 1].is_ascii_digit() {
        j -= 1;
    }
    if year_end - j != 4 || j == 0 || !"〔[（(【".contains(chars[j - 1]) {
        return None;
    }
    let mut start = j - 1;
    while start > 0 && is_han(chars[start - 1]) {
        start -= 1;
    }
    if start == j - 1 {
        return None;
    }
    Some(chars[start..=end].iter().collect())
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Whether a line is a notice's title: it begins with 关于, or ends with the name of a kind of
/// document, and is not a sentence.
pub fn is_title(line: &str) -> bool {
    const KINDS: [&str; 12] = [
        "通知", "意见", "方案", "办法", "决定", "公告", "通报", "函", "规划", "细则", "要点", "报告",
    ];
    let line = line.trim();
    let length = line.chars().count();
    (4..=80).contains(&length)
        && !line.ends_with(['。', '：', ':'])
        && (line.starts_with("关于") || KINDS.iter().any(|k| line.ends_with(k)))
}

/// A date written as in a 落款 (`2024年3月5日`, `二〇二四年三月五日`), as `2024-03-05`.
pub fn date(line: &str) -> Option<String> {
    let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let (year, rest) = line.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let year = number(year, true)?;
    let (month, day) = (number(month, false)?, number(day, false)?);
    ((1900..=2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// A number in Arabic or Chinese digits; a year's digits are read one by one (二〇二四), a
/// month's or day's as a number (十二, 二十五).
fn number(text: &str, digit_by_digit: bool) -> Option<u32> {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok();
    }
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .or((c == '零').then_some(0))
    };
    if digit_by_digit {
        return text
            .chars()
            .try_fold(0u32, |n, c| Some(n * 10 + digit(c)? as u32))
            .filter(|_| !text.is_empty());
    }
    match text.chars().collect::<Vec<_>>().as_slice() {
        ['十'] => Some(10),
        [c] => digit(*c).map(|d| d as u32),
        ['十', u] => digit(*u).map(|d| 10 + d as u32),
        [t, '十'] => digit(*t).map(|d| d as u32 * 10),
        [t, '十', u] => Some(digit(*t)? as u32 * 10 + digit(*u)? as u32),
        _ => None,
    }
}

/// The heading level of a body line: 2 for 一、, 3 for （一）, 4 for 1. and 5 for （1）, when
/// the line is short and no sentence (a line that goes on after its heading stays a paragraph).
pub fn heading_level(line: &str) -> Option<usize> {
    let line = line.trim();
    if line.chars().count() > 40 || line.ends_with(['。', '；', ';', '：', ':']) {
        return None;
    }
    let chinese = |s: &str| s.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).count();
    let arabic = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
    let n = chinese(line);
    if n > 0 && line[n * 3..].starts_with('、') {
        return Some(2);
    }
    if let Some(rest) = line.strip_prefix('（') {
        let n = chinese(rest);
        if n > 0 && rest[n * 3..].starts_with('）') {
            return Some(3);
        }
        let n = arabic(rest);
        if n > 0 && rest[n..].starts_with('）') {
            return Some(5);
        }
    }
    let n = arabic(line);
    if n > 0 && (line[n..].starts_with('.') || line[n..].starts_with('．')) && n < line.len() - 1 {
        return Some(4);
    }
    None
}

/// The titles of a 附件 list line (`附件：1. 结对名单` or `附件：结对名单`), the number prefix
/// taken off; `None` when the line is no 附件 list.
pub fn attachment_list(line: &str) -> Option<String> {
    let line = line.trim();
    let rest = line.strip_prefix("附件")?;
    let rest = rest.strip_prefix(['：', ':'])?;
    Some(strip_number(rest.trim()))
}

/// A list item's text without its number (`2. 名单` → `名单`), or `None` when it has none.
pub fn numbered_item(line: &str) -> Option<String> {
    let line = line.trim();
    let n = line.chars().take_while(char::is_ascii_digit).count();
    (n > 0 && line[n..].starts_with(['.', '．', '、'])).then(|| strip_number(line))
}

fn strip_number(text: &str) -> String {
    let n = text.chars().take_while(char::is_ascii_digit).count();
    match text[n..].strip_prefix(['.', '．', '、']) {
        Some(rest) if n > 0 => rest.trim().to_string(),
        _ => text.to_string(),
    }
}

/// The number of an attachment's own heading (`附件1`, `附件 2`, `附件`: 0), the line being
/// nothing else.
pub fn attachment_heading(line: &str) -> Option<usize> {
    let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = line.strip_prefix("附件")?;
    let rest = rest.trim_end_matches(['：', ':']);
    if rest.is_empty() {
        return Some(0);
    }
    rest.parse().ok()
}

/// Lines of a notice that are no part of its text on a web page: the seal line, 抄送 and the
/// printing lines, 此件公开 notes.
pub fn is_apparatus(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("抄送")
        || line.contains("印发")
            && (line.contains("年") && line.ends_with('发') || line.ends_with("印发"))
            && line.chars().count() < 40
        || (line.starts_with('（') || line.starts_with('('))
            && (line.contains("此件") || line.contains("盖章") || line.contains("公开"))
            && line.chars().count() < 30
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_numbers_in_any_brackets() {
        assert_eq!(doc_number("定教发〔2024〕12号").as_deref(), Some("定教发〔2024〕12号"));
        assert_eq!(
            doc_number("甘教基〔2023〕5号  签发人：张三").as_deref(),
            Some("甘教基〔2023〕5号")
        );
        assert_eq!(doc_number("定市教发(2024)12号").as_deref(), Some("定市教发(2024)12号"));
        assert_eq!(doc_number("第12号"), None);
        assert_eq!(doc_number("关于公布名单的通知"), None);
    }

    #[test]
    fn titles_dates_and_headings() {
        assert!(is_title("关于公布2024年城乡学校结对帮扶名单的通知"));
        assert!(is_title("定西市教育结对帮扶工作实施方案"));
        assert!(!is_title("各县（区）教育局："));
        assert!(!is_title("现将名单印发给你们，请遵照执行。"));
        assert_eq!(date("2024年3月5日").as_deref(), Some("2024-03-05"));
        assert_eq!(date("二〇二四年十二月二十五日").as_deref(), Some("2024-12-25"));
        assert_eq!(date("2024 年 3 月 15 日").as_deref(), Some("2024-03-15"));
        assert_eq!(date("2024年3月"), None);
        assert_eq!(heading_level("一、工作目标"), Some(2));
        assert_eq!(heading_level("（二）加强师资培训"), Some(3));
        assert_eq!(heading_level("3.建立台账"), Some(4));
        assert_eq!(heading_level("（1）按月报送"), Some(5));
        assert_eq!(heading_level("一、各地要高度重视，认真组织实施，确保取得实效。"), None);
        assert_eq!(heading_level("2024年工作要点"), None);
    }

    #[test]
    fn attachment_lines() {
        assert_eq!(
            attachment_list("附件：1. 结对帮扶名单").as_deref(),
            Some("结对帮扶名单")
        );
        assert_eq!(attachment_list("附件:名单").as_deref(), Some("名单"));
        assert_eq!(attachment_list("附件1"), None);
        assert_eq!(numbered_item("2．联系人名单").as_deref(), Some("联系人名单"));
        assert_eq!(attachment_heading("附件1"), Some(1));
        assert_eq!(attachment_heading("附件 2："), Some(2));
        assert_eq!(attachment_heading("附件"), Some(0));
        assert_eq!(attachment_heading("附件1 名单"), None);
        assert!(is_apparatus("（此件公开发布）"));
        assert!(is_apparatus("抄送：市政府办公室"));
        assert!(is_apparatus("定西市教育局办公室        2024年3月5日印发"));
        assert!(!is_apparatus("（一）加强领导"));
    }
}
