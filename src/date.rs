//! Publication dates as Chinese documents give them: a full day, or only a month or a year.

use serde::Serialize;
use std::fmt;

/// A date known to the day, the month or only the year (a document may name no day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    /// Parses `2022-06-09`, `2022-06`, `2022`, `2022/6/9`, `2022年6月9日`, `2022年6月`, `2022年`;
    /// a time after the date (`2022-06-09 16:45`, RFC 3339) is accepted and dropped.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let text = text.trim();
        let date_part = text.split(['T', ' ']).next().unwrap_or_default();
        let normalised: String = date_part
            .replace(['年', '月', '/', '.'], "-")
            .trim_end_matches(['日', '-'])
            .to_string();
        let mut parts = normalised.split('-');
        let year_text = parts.next()?;
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let month = match parts.next() {
            Some(m) => Some(parse_number(m, 1, 12)?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(parse_number(d, 1, 31)?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day) {
            chrono::NaiveDate::from_ymd_opt(year, m, d)?;
        }
        Some(PartialDate { year, month, day })
    }

    /// The form used in HTML `datetime`, sitemaps and tables: `2022-06-09`, `2022-06`, `2022`.
    pub fn iso(&self) -> String {
        // Written digit by digit: every page serialises several dates, and `format!` was 1.4 % of
        // a 50,000-notice build's CPU samples.
        if !(0..=9999).contains(&self.year) {
            return match (self.month, self.day) {
                (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
                (Some(m), None) => format!("{:04}-{:02}", self.year, m),
                _ => format!("{:04}", self.year),
            };
        }
        let mut out = String::with_capacity(10);
        push_digits(&mut out, self.year as u32, 4);
        if let Some(m) = self.month {
            out.push('-');
            push_digits(&mut out, m, 2);
            if let Some(d) = self.day {
                out.push('-');
                push_digits(&mut out, d, 2);
            }
        }
        out
    }

    /// The form shown to readers: `2022-06-09`, or `2020年6月` / `2020年` when less is known.
    pub fn display(&self) -> String {
        match (self.month, self.day) {
            (Some(_), Some(_)) => self.iso(),
            (Some(m), None) => format!("{}年{}月", self.year, m),
            _ => format!("{}年", self.year),
        }
    }

    /// An RFC 3339 timestamp at the start of the known period, China Standard Time (for Atom).
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00+08:00",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }

    pub fn is_full(&self) -> bool {
        self.day.is_some()
    }

    /// The first day of the known period (`2030` → 2030-01-01), when it is a real day.
    pub fn first_day(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Whether the whole known period lies after `today` (a document dated only `2027` is in the
    /// future until 2027-01-01).
    pub fn is_after(&self, today: chrono::NaiveDate) -> bool {
        self.first_day().is_some_and(|d| d > today)
    }
}

/// Today in China Standard Time (UTC+8, the one time zone of the country, no daylight saving),
/// from the system clock: the day a department's scheduled notices are published on.
pub fn today_in_china() -> chrono::NaiveDate {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(seconds + 8 * 3600, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

fn parse_number(text: &str, min: u32, max: u32) -> Option<u32> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = text.parse().ok()?;
    (min..=max).contains(&n).then_some(n)
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// The serialised form templates see: `{iso, display, year}`.
impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("PartialDate", 3)?;
        let iso = self.iso();
        s.serialize_field("iso", &iso)?;
        match (self.month, self.day) {
            (Some(_), Some(_)) => s.serialize_field("display", &iso)?,
            _ => s.serialize_field("display", &self.display())?,
        }
        s.serialize_field("year", &self.year)?;
        s.end()
    }
}

/// Appends `n` with at least `width` digits (zeros in front), as `{:0width$}` writes it.
fn push_digits(out: &mut String, n: u32, width: usize) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(n);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_after_today_when_its_whole_period_is() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        for (text, after) in [
            ("2026-12-06", false),
            ("2026-12-07", true),
            ("2026-12", false),
            ("2027-01", true),
            ("2026", false),
            ("2027", true),
            ("2020年6月", false),
        ] {
            assert_eq!(PartialDate::parse(text).unwrap().is_after(today), after, "{text}");
        }
    }

    #[test]
    fn iso_writes_what_format_writes() {
        for (year, month, day) in [
            (2022, Some(6), Some(9)),
            (2020, Some(12), None),
            (2019, None, None),
            (99, Some(1), Some(1)),
            (2021, None, Some(3)),
            (-5, Some(1), None),
            (12345, None, None),
        ] {
            let date = PartialDate { year, month, day };
            let expected = match (month, day) {
                (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
                (Some(m), None) => format!("{year:04}-{m:02}"),
                _ => format!("{year:04}"),
            };
            assert_eq!(date.iso(), expected);
        }
        let json = serde_json::to_value(PartialDate::parse("2022-06-09").unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"iso": "2022-06-09", "display": "2022-06-09", "year": 2022})
        );
        let json = serde_json::to_value(PartialDate::parse("2020年6月").unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"iso": "2020-06", "display": "2020年6月", "year": 2020})
        );
    }

    #[test]
    fn parses_the_forms_documents_use() {
        assert_eq!(PartialDate::parse("2022-06-09").unwrap().iso(), "2022-06-09");
        assert_eq!(PartialDate::parse("2022-6-9").unwrap().iso(), "2022-06-09");
        assert_eq!(PartialDate::parse("2022年3月31日").unwrap().iso(), "2022-03-31");
        assert_eq!(PartialDate::parse("2019/1/18").unwrap().iso(), "2019-01-18");
        assert_eq!(PartialDate::parse("2022-06-09 16:45").unwrap().iso(), "2022-06-09");
        assert_eq!(
            PartialDate::parse("2022-06-09T16:45:00+08:00").unwrap().iso(),
            "2022-06-09"
        );
        assert_eq!(PartialDate::parse("2020").unwrap().display(), "2020年");
        assert_eq!(PartialDate::parse("2020年6月").unwrap().display(), "2020年6月");
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2022-13-01",
            "2022-02-30",
            "2021-02-29",
            "22-01-01",
            "",
            "昨天",
            "2022-01-01-01",
            "2022--01",
        ] {
            assert!(PartialDate::parse(bad).is_none(), "{bad} should be rejected");
        }
        assert!(PartialDate::parse("2024-02-29").is_some());
    }

    #[test]
    fn orders_by_year_month_day() {
        let a = PartialDate::parse("2020").unwrap();
        let b = PartialDate::parse("2020-01-01").unwrap();
        let c = PartialDate::parse("2019-12-31").unwrap();
        assert!(c < a && a < b);
        assert_eq!(a.rfc3339(), "2020-01-01T00:00:00+08:00");
    }
}
