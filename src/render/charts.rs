//! Charts drawn at build time as inline SVG (no JavaScript): horizontal bars with their values, a
//! title and a text alternative, readable in print and in high-contrast mode.

use serde::Serialize;

/// A chart ready for a template: the SVG markup (escaped here) and a sentence describing it.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub title: String,
    pub svg: String,
    /// The same data as text, for screen readers and for readers who cannot see the chart.
    pub description: String,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart of `(label, value)`; `None` when there is nothing to compare.
pub fn bar_chart(id: &str, title: &str, unit: &str, items: &[(String, f64)]) -> Option<Chart> {
    if items.len() < 2 || items.iter().all(|(_, v)| *v <= 0.0) {
        return None;
    }
    let max = items.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max).max(1.0);
    let label_width = items
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 16) as f64
        * 15.0
        + 10.0;
    let bar_space = 360.0;
    let row = 28.0;
    let width = label_width + bar_space + 90.0;
    let height = row * items.len() as f64 + 10.0;
    let mut svg = format!(
        "<svg class=\"chart-svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\"><title id=\"{id}-title\">{}</title>",
        escape(title)
    );
    let description = items
        .iter()
        .map(|(l, v)| format!("{l} {}{unit}", format_value(*v)))
        .collect::<Vec<_>>()
        .join("，");
    svg.push_str(&format!("<desc id=\"{id}-desc\">{}</desc>", escape(&description)));
    for (i, (label, value)) in items.iter().enumerate() {
        let y = 5.0 + row * i as f64;
        let w = (value / max * bar_space).max(1.0);
        let shown: String = if label.chars().count() > 16 {
            label.chars().take(15).collect::<String>() + "…"
        } else {
            label.clone()
        };
        svg.push_str(&format!(
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\" font-size=\"14\" fill=\"currentColor\">{}</text>",
            label_width - 8.0,
            y + 17.0,
            escape(&shown)
        ));
        svg.push_str(&format!(
            "<rect x=\"{label_width:.0}\" y=\"{:.0}\" width=\"{w:.1}\" height=\"20\" fill=\"#a61b1b\" class=\"chart-bar\"></rect>",
            y + 2.0
        ));
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.0}\" font-size=\"14\" fill=\"currentColor\">{}{}</text>",
            label_width + w + 6.0,
            y + 17.0,
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
        assert!(c.svg.contains("width=\"360.0\""), "the largest bar fills the space");
        assert!(c.svg.contains("width=\"180.0\""), "half the value, half the bar");
        assert!(c.svg.contains("那坡县&lt;b&gt;"));
        assert!(!c.svg.contains("style="), "no inline styles: the CSP forbids them");
        assert_eq!(c.description, "东兴市 25对，那坡县<b> 12.5对");
        assert!(bar_chart("c2", "一项", "", &items[..1]).is_none());
    }
}
