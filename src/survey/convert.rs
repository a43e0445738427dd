//! Turns answer text into profile values: narrative with paragraphs and lists, lists of short
//! statements, and sources. Nothing is invented: text is only re-arranged (line breaks, bullet
//! marks) and cited sources are copied out into the sources list.

use serde_json::{Value, json};

use super::map::normalise_question;

/// A source found in the answers, before it is added to `profile.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundSource {
    pub text: String,
    pub url: Option<String>,
    pub year: Option<i32>,
}

impl FoundSource {
    pub fn to_json(&self) -> Value {
        let mut source = json!({ "text": self.text });
        if let Some(url) = &self.url {
            source["url"] = json!(url);
        }
        if let Some(year) = self.year {
            source["year"] = json!(year);
        }
        source
    }

    /// What makes two sources the same: the address when there is one, else the text.
    pub fn key(&self) -> String {
        match &self.url {
            Some(url) => url_key(url),
            None => normalise_question(&self.text),
        }
    }
}

pub(crate) fn url_key(url: &str) -> String {
    url.trim_end_matches('/').to_lowercase()
}

/// A single line of text: line breaks and runs of spaces become one space.
pub(crate) fn text(answer: &str) -> String {
    answer.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Narrative text for `profile.json`, and the sources cited in it. In a survey text box a line
/// break ends a paragraph, so single line breaks become blank lines, except between the items
/// of a list; common bullet marks become `- `. "Source: ..." lines move to the sources (web
/// addresses stay in the text: see [`addresses`]).
pub(crate) fn narrative(answer: &str) -> (String, Vec<FoundSource>) {
    let (lines, sources) = take_source_lines(answer);
    let mut out: Vec<String> = Vec::new();
    // Whether the last line written was a list item; `None` after a blank line.
    let mut previous: Option<bool> = None;
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            previous = None;
            continue;
        }
        let item = list_item(line);
        let continues_list = previous == Some(true) && item.is_some();
        if !out.is_empty() && !continues_list {
            out.push(String::new());
        }
        previous = Some(item.is_some());
        out.push(match item {
            Some((marker, text)) => format!("{marker}{text}"),
            None => line.to_string(),
        });
    }
    (out.join("\n"), sources)
}

/// One statement per line, bullet marks and numbers removed, and the sources cited.
pub(crate) fn list(answer: &str) -> (Vec<String>, Vec<FoundSource>) {
    let (lines, sources) = take_source_lines(answer);
    let items: Vec<String> = lines
        .iter()
        .map(|line| list_item(line.trim()).map_or(line.trim(), |(_, text)| text))
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect();
    (items, sources)
}

/// One source per line: "publisher, title (year), https://address".
pub(crate) fn sources(answer: &str) -> Vec<FoundSource> {
    answer
        .lines()
        .map(|line| {
            let line = line.trim();
            let line = list_item(line).map_or(line, |(_, text)| text);
            source_label(line).unwrap_or(line)
        })
        .filter_map(parse_source)
        .collect()
}

/// Files the city attached: one name or address per line, kept as sources so that the editors
/// see them with the references.
pub(crate) fn attachments(answer: &str) -> Vec<FoundSource> {
    answer
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let url = line.starts_with("https://") || line.starts_with("http://");
            let name = if url {
                line.trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or(line)
            } else {
                line
            };
            FoundSource {
                text: format!("File attached to the survey: {name}"),
                url: url.then(|| line.to_string()),
                year: None,
            }
        })
        .collect()
}

/// Splits off "Source: ..." lines (also "Sources:", "Data source:"), read as sources; `;`
/// separates several on one line.
fn take_source_lines(answer: &str) -> (Vec<&str>, Vec<FoundSource>) {
    let mut kept = Vec::new();
    let mut found = Vec::new();
    for line in answer.lines() {
        match source_label(line.trim()) {
            Some(rest) => found.extend(rest.split(';').filter_map(parse_source)),
            None => kept.push(line),
        }
    }
    (kept, found)
}

/// The rest of a line that starts with a source label ("Source:", "Sources:", "Data source:",
/// any case).
fn source_label(line: &str) -> Option<&str> {
    const LABELS: [&str; 4] = ["data sources", "data source", "sources", "source"];
    LABELS.iter().find_map(|label| {
        let head = line.get(..label.len())?;
        if !head.eq_ignore_ascii_case(label) {
            return None;
        }
        line[label.len()..]
            .trim_start()
            .strip_prefix(':')
            .map(str::trim)
    })
}

/// The list marker to write and the item text, for a line that is a bullet or numbered item.
fn list_item(line: &str) -> Option<(String, &str)> {
    for bullet in ["- ", "* ", "• ", "· ", "▪ ", "– "] {
        if let Some(text) = line.strip_prefix(bullet) {
            return Some(("- ".to_string(), text.trim()));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    if (1..=2).contains(&digits) {
        for close in [". ", ") "] {
            if let Some(text) = rest.strip_prefix(close) {
                return Some((format!("{}. ", &line[..digits]), text.trim()));
            }
        }
    }
    None
}

/// Web addresses in text, as sources: `[label](url)` gives its label as the text, a bare
/// address gives itself without the scheme. The importer adds these after the sources the
/// city named, so that a named source with the same address is the one kept.
pub(crate) fn addresses(text: &str) -> Vec<FoundSource> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | ']' | '"' | '\''))
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':']);
        let label = rest[..start]
            .strip_suffix("](")
            .and_then(|before| before.rfind('[').map(|open| &before[open + 1..]))
            .filter(|label| !label.trim().is_empty());
        if url.len() > "https://".len() {
            found.push(FoundSource {
                text: label.map_or_else(|| address_text(url), |l| l.trim().to_string()),
                url: Some(url.to_string()),
                year: None,
            });
        }
        rest = &tail[end..];
    }
    found
}

fn address_text(url: &str) -> String {
    let bare = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    bare.trim_end_matches('/').to_string()
}

/// A source line: its address (if any) taken out, a year at the end in parentheses or after a
/// comma taken as the year, the rest as the text.
fn parse_source(line: &str) -> Option<FoundSource> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let url = addresses(line).into_iter().next().and_then(|s| s.url);
    let mut text = match &url {
        Some(url) => line.replacen(url.as_str(), "", 1),
        None => line.to_string(),
    };
    text = text
        .replace("<>", "")
        .replace("()", "")
        .trim()
        .trim_end_matches([',', ';', ':', '-', '–', '—', ' '])
        .to_string();
    let mut year = None;
    if let Some((before, found)) = split_year(&text) {
        text = before;
        year = Some(found);
    }
    if text.is_empty() {
        text = address_text(url.as_deref().unwrap_or_default());
    }
    (!text.is_empty()).then_some(FoundSource { text, url, year })
}

/// A year written at the end of a source, as `(2024)` or `, 2024`, and the text before it.
fn split_year(text: &str) -> Option<(String, i32)> {
    let (before, year) = match text.strip_suffix(')') {
        Some(inner) => inner.rsplit_once(" (")?,
        None => text.rsplit_once(", ")?,
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok().filter(|y| (1900..=2100).contains(y))?;
    Some((before.trim().to_string(), year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_become_paragraphs_but_lists_stay_together() {
        let (text, sources) = narrative(
            "First paragraph.\nSecond paragraph:\n• one\n• two\nAfter the list.\n\n\nLast.",
        );
        assert_eq!(
            text,
            "First paragraph.\n\nSecond paragraph:\n\n- one\n- two\n\nAfter the list.\n\nLast."
        );
        assert!(sources.is_empty());
    }

    #[test]
    fn source_lines_move_to_the_sources_and_urls_are_kept_as_sources() {
        let (text, sources) = narrative(
            "Costs rose (see <https://city.example/budget>).\nSource: Statistical Office, Yearbook 2024 (2025), https://city.example/stats",
        );
        assert_eq!(text, "Costs rose (see <https://city.example/budget>).");
        assert_eq!(
            sources,
            [FoundSource {
                text: "Statistical Office, Yearbook 2024".into(),
                url: Some("https://city.example/stats".into()),
                year: Some(2025)
            }]
        );
        assert_eq!(
            addresses(&text),
            [FoundSource {
                text: "city.example/budget".into(),
                url: Some("https://city.example/budget".into()),
                year: None
            }]
        );
    }

    #[test]
    fn a_markdown_link_gives_its_label_as_the_source_text() {
        let sources = addresses("Our [Voluntary Local Review](https://city.example/vlr).");
        assert_eq!(sources[0].text, "Voluntary Local Review");
        assert_eq!(sources[0].url.as_deref(), Some("https://city.example/vlr"));
    }

    #[test]
    fn source_labels_are_found_in_any_case_and_script() {
        assert_eq!(source_label("SOURCE : Census"), Some("Census"));
        assert_eq!(source_label("Data sources: A; B"), Some("A; B"));
        assert_eq!(source_label("Sourced locally: no"), None);
        assert_eq!(source_label("İİİİİİ: x"), None);
    }

    #[test]
    fn list_items_lose_their_marks() {
        let (items, _) = list("1) First\n- Second\n\n3. Third\nFourth");
        assert_eq!(items, ["First", "Second", "Third", "Fourth"]);
    }

    #[test]
    fn source_lines_give_text_year_and_address() {
        let found =
            sources("- City budget 2025, 2025\nhttps://city.example/plan\nSources: Census (2021)");
        assert_eq!(
            found,
            [
                FoundSource {
                    text: "City budget 2025".into(),
                    url: None,
                    year: Some(2025)
                },
                FoundSource {
                    text: "city.example/plan".into(),
                    url: Some("https://city.example/plan".into()),
                    year: None
                },
                FoundSource {
                    text: "Census".into(),
                    url: None,
                    year: Some(2021)
                },
            ]
        );
    }

    #[test]
    fn attached_files_keep_their_name_and_address() {
        let found = attachments("https://files.example/u/123/mobility-plan.pdf\nreport.pdf");
        assert_eq!(
            found[0].text,
            "File attached to the survey: mobility-plan.pdf"
        );
        assert_eq!(found[1].url, None);
    }
}
