//! The small HTML writer every byte of the web edition goes through. Text and attribute values
//! are escaped by one function, [`escape`]; tag and attribute names are the program's own
//! (`&'static str`); a link's address is written only when it is `http`, `https` or `mailto`.
//! The only bytes written unescaped are the program's own style sheet and the charts' SVG,
//! which [`Writer::svg`] checks before it takes them.

/// Escapes `&`, `<`, `>`, `"` and `'`: the one function through which every text and attribute
/// value from the data reaches the page.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Whether `url` may be a link's address: the schemes the model accepts, nothing else
/// (`javascript:` and `data:` never).
pub fn safe_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// An HTML document being written, element by element.
#[derive(Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    /// Opens `<tag attr="value" …>`, each value escaped; an attribute with no value is left out
    /// (`None`), which is how optional attributes are given.
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, Option<&str>)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            if let Some(value) = value {
                self.out.push(' ');
                self.out.push_str(name);
                self.out.push_str("=\"");
                self.out.push_str(&escape(value));
                self.out.push('"');
            }
        }
        self.out.push('>');
    }

    /// `</tag>`, with a line end after block elements so the source reads.
    pub fn close(&mut self, tag: &'static str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        if !matches!(
            tag,
            "a" | "em" | "strong" | "span" | "abbr" | "small" | "sup" | "b"
        ) {
            self.out.push('\n');
        }
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) {
        self.out.push_str(&escape(text));
    }

    /// An element holding only text: `<tag …>text</tag>`.
    pub fn element(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, Option<&str>)],
        text: &str,
    ) {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag);
    }

    /// A void element (`<img>`, `<meta>`, `<br>`).
    pub fn void(&mut self, tag: &'static str, attrs: &[(&'static str, Option<&str>)]) {
        self.open(tag, attrs);
    }

    /// A link whose text is `text`; an address of another scheme gives the text alone.
    pub fn link(&mut self, url: &str, text: &str) {
        if safe_url(url) {
            self.element("a", &[("href", Some(url))], text);
        } else {
            self.text(text);
        }
    }

    /// The program's own markup (the document head's doctype and style sheet): a `'static`
    /// string, so nothing from the data can be passed here.
    pub fn own(&mut self, markup: &'static str) {
        self.out.push_str(markup);
    }

    /// A style sheet made by the program (fonts as base64, colours from the palette): only
    /// characters that cannot end a `<style>` element are taken; anything else is dropped.
    pub fn style(&mut self, css: &str) {
        debug_assert!(!css.contains('<'), "the style sheet holds no '<'");
        self.out.push_str("<style>\n");
        self.out.extend(css.chars().filter(|&c| c != '<'));
        self.out.push_str("</style>\n");
    }

    /// A chart's SVG, inline, as the PDF uses it: its XML prolog and doctype dropped, the root
    /// element given `role="img"` and `aria-labelledby`, a `viewBox` so it scales. The SVG is
    /// plotters' (which escapes every text); an SVG with a script, an event attribute or a
    /// `foreignObject` is refused all the same (`false`), and nothing is written.
    pub fn svg(&mut self, svg: &str, labelled_by: &str) -> bool {
        let Some(start) = svg.find("<svg") else {
            return false;
        };
        let body = svg[start..].trim_end();
        let lower = body.to_ascii_lowercase();
        if lower.contains("<script")
            || lower.contains("foreignobject")
            || lower.contains("javascript:")
            || has_event_attribute(&lower)
        {
            return false;
        }
        let Some(head_end) = body.find('>') else {
            return false;
        };
        let head = &body[4..head_end];
        let head = head.strip_suffix('/').unwrap_or(head);
        let mut extra = format!(
            " role=\"img\" aria-labelledby=\"{}\" focusable=\"false\"",
            escape(labelled_by)
        );
        if !head.contains("viewBox")
            && let (Some(w), Some(h)) = (attribute(head, "width"), attribute(head, "height"))
        {
            extra.push_str(&format!(" viewBox=\"0 0 {} {}\"", escape(w), escape(h)));
        }
        self.out.push_str("<svg");
        self.out.push_str(head);
        self.out.push_str(&extra);
        self.out.push_str(&body[head_end..]);
        self.out.push('\n');
        true
    }

    /// The document's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// Whether markup holds an attribute such as `onload=`: `on` and letters, then `=`, after a
/// space.
pub fn has_event_attribute(markup: &str) -> bool {
    let bytes = markup.as_bytes();
    let mut i = 0;
    while let Some(at) = markup[i..].find("on") {
        let start = i + at;
        let before = start.checked_sub(1).map(|b| bytes[b]);
        let mut end = start + 2;
        while end < bytes.len() && bytes[end].is_ascii_alphabetic() {
            end += 1;
        }
        while end < bytes.len() && bytes[end].is_ascii_whitespace() {
            end += 1;
        }
        if end > start + 2
            && bytes.get(end) == Some(&b'=')
            && before
                .is_some_and(|b| b.is_ascii_whitespace() || b == b'/' || b == b'"' || b == b'\'')
        {
            return true;
        }
        i = start + 2;
    }
    false
}

/// The value of `name="…"` in a tag's attributes.
fn attribute<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = head.find(&key)? + key.len();
    let len = head[at..].find('"')?;
    Some(&head[at..at + len])
}

/// Base64 (RFC 4648, with padding), for the fonts and pictures carried as `data:` addresses.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_markup_character_is_escaped() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn only_web_and_mail_addresses_become_links() {
        let mut w = Writer::default();
        w.link("javascript:alert(1)", "x");
        w.link("https://example.org/?a=\"b\"", "y");
        let html = String::from_utf8(w.finish()).unwrap();
        assert_eq!(
            html,
            "x<a href=\"https://example.org/?a=&quot;b&quot;\">y</a>"
        );
    }

    #[test]
    fn base64_pads_as_the_rfc_says() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn event_attributes_are_found() {
        assert!(has_event_attribute("<svg onload=\"x\">"));
        assert!(has_event_attribute("<a\nonclick = 1>"));
        assert!(!has_event_attribute("<text>london=</text>"));
        assert!(!has_event_attribute("<svg width=\"1\">"));
    }

    #[test]
    fn a_chart_loses_its_prolog_and_gains_a_label() {
        let mut w = Writer::default();
        assert!(w.svg(
            "<?xml version=\"1.0\"?>\n<svg width=\"20\" height=\"10\" xmlns=\"http://www.w3.org/2000/svg\">\n<text>a</text></svg>\n",
            "c1"
        ));
        let html = String::from_utf8(w.finish()).unwrap();
        assert!(html.starts_with("<svg width=\"20\""), "{html}");
        assert!(html.contains("role=\"img\" aria-labelledby=\"c1\""));
        assert!(html.contains("viewBox=\"0 0 20 10\""));
        let mut w = Writer::default();
        assert!(!w.svg("<svg><script>alert(1)</script></svg>", "c"));
        assert!(w.finish().is_empty());
    }
}
