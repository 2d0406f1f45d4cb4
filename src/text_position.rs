//! Turning byte offsets and key names into the 1-based line numbers diagnostics show.

/// The 1-based line that holds byte `offset` of `text`.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The 1-based line where `key` is assigned in TOML (`key =`, `"key" =`, `[key]`, `[[key]]`)
/// or YAML (`key:`); the first such line wins.
pub fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines().position(|line| assigns_key(line, key)).map(|i| i + 1)
}

fn assigns_key(line: &str, key: &str) -> bool {
    let trimmed = line.trim_start();
    let trimmed = trimmed.trim_start_matches("- ");
    let rest = if let Some(r) = trimmed.strip_prefix("[[") {
        r
    } else if let Some(r) = trimmed.strip_prefix('[') {
        r
    } else {
        trimmed
    };
    for quote in ["\"", "'", ""] {
        let Some(after_open) = rest.strip_prefix(quote) else {
            continue;
        };
        let Some(after_key) = after_open.strip_prefix(key) else {
            continue;
        };
        let Some(after_close) = after_key.strip_prefix(quote) else {
            continue;
        };
        let next = after_close.trim_start();
        if next.starts_with('=') || next.starts_with(':') || next.starts_with(']') || next.starts_with('.') {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines() {
        let text = "a\nbb\nccc";
        assert_eq!(line_of_offset(text, 0), 1);
        assert_eq!(line_of_offset(text, 2), 2);
        assert_eq!(line_of_offset(text, 6), 3);
        assert_eq!(line_of_offset(text, 999), 3);
    }

    #[test]
    fn finds_toml_and_yaml_keys() {
        let toml = "title = \"x\"\n\"文号\" = \"y\"\n[metrics]\n";
        assert_eq!(line_of_key(toml, "文号"), Some(2));
        assert_eq!(line_of_key(toml, "metrics"), Some(3));
        assert_eq!(line_of_key(toml, "titl"), None);
        let yaml = "title: x\n发文机关: y\n";
        assert_eq!(line_of_key(yaml, "发文机关"), Some(2));
    }
}
