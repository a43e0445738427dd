//! Narrative fields: a small Markdown subset (paragraphs, lists, emphasis, links) parsed into
//! blocks of plain text. Everything else a city writes stays literal text; nothing is markup
//! that the typesetter would run.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::{Block, Inline, Narrative};

/// A construct outside the subset: what is wrong, and the fix to suggest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    /// What was found, quoting the text, reported as the problem at the field.
    pub message: String,
    /// How to write it within the subset instead.
    pub fix: String,
}

/// More levels of lists, emphasis and links inside one another than any text needs; about 30
/// exceed the typesetter's limits.
const DEEPEST: usize = 8;

/// Parses narrative text. Headings and images are refused (the layout owns headings; pictures
/// go in `images`); code, HTML and table-like text are kept as the literal text the city typed.
pub fn parse(text: &str) -> Result<Narrative, Unsupported> {
    let mut builder = Builder::default();
    // Inside a construct outside the subset (code, quotes, HTML blocks), printed as typed.
    let mut literal_until: Option<usize> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        if literal_until.is_some_and(|end| range.start < end) {
            continue;
        }
        literal_until = None;
        let source = &text[range.clone()];
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::HtmlBlock) => {
                builder.open_para();
                builder.push_text(source.trim_end());
                builder.close_para();
                literal_until = Some(range.end);
            }
            Event::Rule => {
                builder.open_para();
                builder.push_text(source.trim());
                builder.close_para();
            }
            // Inline code keeps its backticks: it is text, not a style of the subset.
            Event::Code(_) => builder.push_text(source),
            Event::Start(Tag::List(_) | Tag::Emphasis | Tag::Strong | Tag::Link { .. })
                if builder.lists.len() + builder.spans.len() >= DEEPEST =>
            {
                return Err(Unsupported {
                    message: format!(
                        "lists, emphasis and links are nested more than {DEEPEST} levels deep"
                    ),
                    fix: format!(
                        "nest them at most {DEEPEST} levels deep: the page cannot show more"
                    ),
                });
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let line = source.lines().next().unwrap_or_default().trim();
                return Err(Unsupported {
                    message: format!(
                        "the Markdown heading \"{line}\" ({}) is not part of the narrative subset",
                        heading_kind(level, source)
                    ),
                    fix: "headings come from the page layout: write it as a sentence, or start the line with \\# to keep the #".into(),
                });
            }
            Event::Start(Tag::Image { .. }) => {
                return Err(Unsupported {
                    message: format!(
                        "the Markdown image \"{}\" is not part of the narrative subset",
                        source.trim()
                    ),
                    fix: "put pictures in the images section of profile.json, not in the text"
                        .into(),
                });
            }
            Event::Start(Tag::Paragraph) => builder.open_para(),
            Event::End(TagEnd::Paragraph) => builder.close_para(),
            Event::Start(Tag::List(start)) => {
                builder.close_para();
                builder.lists.push((start.is_some(), Vec::new()))
            }
            Event::End(TagEnd::List(_)) => {
                builder.close_para();
                let (ordered, items) = builder.lists.pop().unwrap_or_default();
                builder.push_block(Block::List { ordered, items });
            }
            Event::Start(Tag::Item) => builder.items.push(Vec::new()),
            Event::End(TagEnd::Item) => {
                builder.close_para();
                let item = builder.items.pop().unwrap_or_default();
                if let Some((_, items)) = builder.lists.last_mut() {
                    items.push(item);
                }
            }
            Event::Start(Tag::Emphasis) => builder.spans.push(Span::Emph(Vec::new())),
            Event::Start(Tag::Strong) => builder.spans.push(Span::Strong(Vec::new())),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = dest_url.to_string();
                if !["https://", "http://", "mailto:"]
                    .iter()
                    .any(|scheme| url.starts_with(scheme))
                {
                    return Err(Unsupported {
                        message: format!("the link address \"{url}\" is not a web or e-mail address"),
                        fix: "give the full web address, starting with https://, or an e-mail address as mailto:…".into(),
                    });
                }
                builder.spans.push(Span::Link(url, Vec::new()))
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link) => {
                if let Some(span) = builder.spans.pop() {
                    let inline = match span {
                        Span::Emph(b) => Inline::Emph(b),
                        Span::Strong(b) => Inline::Strong(b),
                        Span::Link(url, body) => Inline::Link { url, body },
                    };
                    builder.push_inline(inline);
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => builder.push_text(&t),
            Event::SoftBreak => builder.push_text(" "),
            Event::HardBreak => builder.push_inline(Inline::Br),
            // Block quotes, rules and the rest contribute their text only.
            _ => {}
        }
    }
    builder.close_para();
    Ok(Narrative(builder.blocks))
}

fn heading_kind(level: HeadingLevel, source: &str) -> String {
    if source.trim_start().starts_with('#') {
        format!("level {}", level as usize)
    } else {
        "the line under it, of = or -, makes it one".into()
    }
}

enum Span {
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Link(String, Vec<Inline>),
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    /// Open lists: ordered?, items so far.
    lists: Vec<(bool, Vec<Vec<Block>>)>,
    /// Open list items: their blocks so far.
    items: Vec<Vec<Block>>,
    para: Option<Vec<Inline>>,
    spans: Vec<Span>,
}

impl Builder {
    fn open_para(&mut self) {
        self.close_para();
        self.para = Some(Vec::new());
    }

    fn close_para(&mut self) {
        if let Some(inlines) = self.para.take()
            && !inlines.is_empty()
        {
            self.push_block(Block::Para(inlines));
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.items.last_mut() {
            Some(item) => item.push(block),
            None => self.blocks.push(block),
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        if let Some(span) = self.spans.last_mut() {
            match span {
                Span::Emph(b) | Span::Strong(b) | Span::Link(_, b) => b.push(inline),
            }
            return;
        }
        // Tight list items have text without a paragraph around it.
        self.para.get_or_insert_with(Vec::new).push(inline);
    }

    fn push_text(&mut self, text: &str) {
        let target = match self.spans.last_mut() {
            Some(Span::Emph(b) | Span::Strong(b) | Span::Link(_, b)) => b,
            None => self.para.get_or_insert_with(Vec::new),
        };
        match target.last_mut() {
            Some(Inline::Text(t)) => t.push_str(text),
            _ => target.push(Inline::Text(text.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(n: &Narrative) -> String {
        n.plain_text()
    }

    #[test]
    fn typst_and_markup_lookalikes_stay_literal() {
        let hostile =
            "#read(\"/etc/passwd\") and #set page(width: 1cm) cost $5, a \\ b ] c < d <script>";
        let n = parse(hostile).unwrap();
        let t = text_of(&n);
        for piece in [
            "#read(\"/etc/passwd\")",
            "#set page(width: 1cm)",
            "$5",
            "a \\ b",
            "] c",
            "< d",
            "<script>",
        ] {
            assert!(t.contains(piece), "{piece:?} missing from {t:?}");
        }
    }

    #[test]
    fn paragraphs_lists_emphasis_and_links_are_kept() {
        let n = parse("First *one* and **two**.\n\n- a [link](https://example.org)\n- b\n\nLast")
            .unwrap();
        assert_eq!(n.0.len(), 3);
        let Block::List { ordered, items } = &n.0[1] else {
            panic!("expected a list: {n:?}")
        };
        assert!(!ordered);
        assert_eq!(items.len(), 2);
        let Block::Para(inlines) = &items[0][0] else {
            panic!()
        };
        assert!(
            inlines
                .iter()
                .any(|i| matches!(i, Inline::Link { url, .. } if url == "https://example.org"))
        );
    }

    #[test]
    fn links_must_be_web_or_mail_addresses() {
        assert!(parse("[site](https://example.org) and <mailto:a@example.org>").is_ok());
        let err = parse("[click](javascript:alert(1))").unwrap_err();
        assert_eq!(
            err.message,
            "the link address \"javascript:alert(1)\" is not a web or e-mail address"
        );
        assert!(parse("[page](budget.html)").is_err());
    }

    #[test]
    fn headings_are_refused_with_a_fix() {
        let err = parse("Intro\n\n# Economy\n\ntext").unwrap_err();
        assert_eq!(
            err.message,
            "the Markdown heading \"# Economy\" (level 1) is not part of the narrative subset"
        );
    }
}
