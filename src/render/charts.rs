//! Charts drawn at build time as inline SVG (no JavaScript): horizontal bars with their values, a
//! title and a text alternative, readable in print and in high-contrast mode.

use crate::escape::escape_markup as escape;
use serde::Serialize;

/// A chart ready for a template: the SVG markup (escaped here) and a sentence describing it.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub title: String,
    pub svg: String,
    /// The same data as text, for screen readers and for readers who cannot see the chart.
    pub description: String,
}

/// The chart's width in SVG units, which it is drawn at (CSS only ever shrinks it to fit).
pub const CHART_WIDTH: f64 = 320.0;

/// A horizontal bar chart of `(label, value)`; `None` when there is nothing to compare.
pub fn bar_chart(id: &str, title: &str, unit: &str, items: &[(String, f64)]) -> Option<Chart> {
    if items.len() < 2 || items.iter().all(|(_, v)| *v <= 0.0) {
        return None;
    }
    let max = items.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max).max(1.0);
    // Each label stands on its own line above its bar, so the chart is narrow (320 units) and is
    // drawn at its own size, never scaled up, and on a 320 px phone scaled down at most to
    // 0.9: the 14-unit text stays at 12 px or more at every screen size.
    let bar_space = 240.0;
    let width = CHART_WIDTH;
    let row = 44.0;
    let height = row * items.len() as f64 + 6.0;
    let mut svg = format!(
        "<svg class=\"chart-svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\"><title id=\"{id}-title\">{}</title>",
        escape(title)
    );
    let description = items
        .iter()
        .map(|(l, v)| format!("{l} {}{unit}", format_value(*v)))
        .collect::<Vec<_>>()
        .join("，");
    svg.push_str(&format!("<desc id=\"{id}-desc\">{}</desc>", escape(&description)));
    for (i, (label, value)) in items.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let w = (value / max * bar_space).max(1.0);
        let shown: String = if label.chars().count() > 22 {
            label.chars().take(21).collect::<String>() + "…"
        } else {
            label.clone()
        };
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{:.0}\" font-size=\"14\" fill=\"currentColor\">{}</text>",
            y + 14.0,
            escape(&shown)
        ));
        svg.push_str(&format!(
            "<rect x=\"0\" y=\"{:.0}\" width=\"{w:.1}\" height=\"16\" fill=\"#a61b1b\" class=\"chart-bar\"></rect>",
            y + 20.0
        ));
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.0}\" font-size=\"14\" fill=\"currentColor\">{}{}</text>",
            w + 6.0,
            y + 33.0,
            format_value(*value),
            escape(unit)
        ));
    }
    svg.push_str("</svg>");
    Some(Chart {
        title: title.to_string(),
        svg,
        description,
    })
}

fn format_value(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_proportional_escaped_and_described() {
        let items = vec![("东兴市".to_string(), 25.0), ("那坡县<b>".to_string(), 12.5)];
        let c = bar_chart("c1", "按县", "对", &items).unwrap();
        assert!(c.svg.contains("width=\"240.0\""), "the largest bar fills the space");
        assert!(c.svg.contains("width=\"120.0\""), "half the value, half the bar");
        assert!(
            c.svg.contains("viewBox=\"0 0 320 94\" width=\"320\""),
            "drawn at its own size"
        );
        // The smallest phone (320 px less the 2 × 16 px margins) shrinks it to 0.9: 14 → 12.6 px.
        const { assert!(14.0 * (320.0 - 32.0) / CHART_WIDTH >= 12.0) };
        assert!(c.svg.contains("那坡县&lt;b&gt;"));
        assert!(!c.svg.contains("style="), "no inline styles: the CSP forbids them");
        assert_eq!(c.description, "东兴市 25对，那坡县<b> 12.5对");
        assert!(bar_chart("c2", "一项", "", &items[..1]).is_none());
    }
}
