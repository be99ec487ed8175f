//! The shared frame of every TALI email, written once for both parts: each block is added to the HTML (escaped,
//! inline styles, tables only, since mail clients ignore stylesheets and many ignore flexbox) and to the plain text.

use std::fmt::Write;

const BLACK: &str = "#000000";
const WHITE: &str = "#ffffff";
const PURPLE: &str = "#9D00FF";
const FONT: &str = "font-family:'Helvetica Neue',Helvetica,Arial,sans-serif";

/// Builds one email's HTML and plain-text bodies side by side. Every string handed in is plain text; the HTML side
/// escapes it, so user-supplied values can never add markup.
pub(super) struct Layout {
    html: String,
    text: String,
}

impl Layout {
    /// `preheader` is the hidden line inbox lists show after the subject.
    pub(super) fn new(title: &str, preheader: &str, heading: &str) -> Self {
        let mut html = String::with_capacity(8 * 1024);
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta name=\"color-scheme\" content=\"light only\"><title>{title}</title></head>\n\
             <body style=\"margin:0;padding:0;background:{WHITE};\">\n\
             <div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all;\">{preheader}</div>\n\
             <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" \
             style=\"background:{WHITE};\"><tr><td align=\"center\" style=\"padding:24px 12px;\">\n\
             <table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" \
             style=\"width:100%;max-width:600px;border:2px solid {BLACK};border-collapse:collapse;background:{WHITE};\">\n\
             <tr><td style=\"background:{BLACK};padding:16px 24px;{FONT};font-size:24px;font-weight:900;\
             letter-spacing:4px;color:{WHITE};\">TALI<span style=\"color:{PURPLE};\">_</span></td></tr>\n\
             <tr><td style=\"padding:28px 24px;border-top:2px solid {BLACK};{FONT};font-size:16px;line-height:1.5;\
             color:{BLACK};\">\n\
             <h1 style=\"margin:0 0 20px;font-size:26px;line-height:1.2;font-weight:900;text-transform:uppercase;\
             color:{BLACK};\">{heading}</h1>\n",
            title = escape(title),
            preheader = escape(preheader),
            heading = escape(heading),
        );
        let text = format!(
            "TALI\n\n{heading}\n{}\n\n",
            "=".repeat(heading.chars().count())
        );
        Self { html, text }
    }

    pub(super) fn paragraph(&mut self, text: &str) {
        let _ = writeln!(
            self.html,
            "<p style=\"margin:0 0 16px;\">{}</p>",
            escape(text)
        );
        let _ = write!(self.text, "{text}\n\n");
    }

    pub(super) fn subheading(&mut self, text: &str) {
        let _ = writeln!(
            self.html,
            "<h2 style=\"margin:24px 0 12px;font-size:16px;font-weight:900;text-transform:uppercase;\
             letter-spacing:1px;border-bottom:2px solid {PURPLE};padding-bottom:4px;\">{}</h2>",
            escape(text)
        );
        let _ = write!(
            self.text,
            "{}\n{}\n\n",
            text.to_uppercase(),
            "-".repeat(text.chars().count())
        );
    }

    /// A two-column table of labelled values (task, time limit, score...).
    pub(super) fn facts(&mut self, rows: &[(&str, String)]) {
        let _ = writeln!(
            self.html,
            "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" \
             style=\"border:2px solid {BLACK};border-collapse:collapse;margin:0 0 20px;\">"
        );
        for (label, value) in rows {
            let _ = writeln!(
                self.html,
                "<tr><td style=\"width:38%;padding:10px 12px;border:2px solid {BLACK};background:{BLACK};\
                 color:{WHITE};font-weight:700;font-size:13px;text-transform:uppercase;letter-spacing:1px;\">{}</td>\
                 <td style=\"padding:10px 12px;border:2px solid {BLACK};font-weight:700;\">{}</td></tr>",
                escape(label),
                escape(value)
            );
            let _ = writeln!(self.text, "{label}: {value}");
        }
        self.html.push_str("</table>\n");
        self.text.push('\n');
    }

    pub(super) fn bullets(&mut self, items: &[String]) {
        self.html.push_str(
            "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" \
             style=\"margin:0 0 16px;\">\n",
        );
        for item in items {
            let _ = writeln!(
                self.html,
                "<tr><td valign=\"top\" style=\"width:20px;padding:0 0 10px;color:{PURPLE};font-weight:900;\">&#9632;</td>\
                 <td style=\"padding:0 0 10px;\">{}</td></tr>",
                escape(item)
            );
            let _ = writeln!(self.text, "- {item}");
        }
        self.html.push_str("</table>\n");
        self.text.push('\n');
    }

    /// The call to action, followed by the bare link for clients that drop buttons.
    pub(super) fn button(&mut self, label: &str, link: &str) {
        let (label_html, link_html) = (escape(label), escape(link));
        let _ = writeln!(
            self.html,
            "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:8px 0 20px;\">\
             <tr><td bgcolor=\"{PURPLE}\" style=\"background:{PURPLE};border:2px solid {BLACK};\">\
             <a href=\"{link_html}\" target=\"_blank\" style=\"display:inline-block;padding:14px 28px;{FONT};\
             font-size:16px;font-weight:900;text-transform:uppercase;letter-spacing:1px;color:{WHITE};\
             text-decoration:none;\">{label_html}</a></td></tr></table>\n\
             <p style=\"margin:0 0 16px;font-size:13px;\">If the button does not work, copy this link into your \
             browser:<br><a href=\"{link_html}\" target=\"_blank\" style=\"color:{PURPLE};word-break:break-all;\">\
             {link_html}</a></p>"
        );
        let _ = write!(self.text, "{label}: {link}\n\n");
    }

    /// Closes the frame with a small-print footer and returns `(html, text)`.
    pub(super) fn finish(mut self, footer: &str) -> (String, String) {
        let _ = write!(
            self.html,
            "</td></tr>\n<tr><td style=\"padding:16px 24px;border-top:2px solid {BLACK};{FONT};font-size:12px;\
             line-height:1.5;color:{BLACK};\">{}</td></tr>\n</table>\n</td></tr></table>\n</body></html>\n",
            escape(footer)
        );
        let _ = writeln!(self.text, "--\n{footer}");
        (self.html, self.text)
    }
}

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Makes a user-supplied value safe for a single line such as the subject: control characters (line breaks
/// included) become spaces and runs of whitespace shrink to one.
pub(super) fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x" onclick='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(escape("Zoë Ångström"), "Zoë Ångström");
    }

    #[test]
    fn one_line_removes_breaks() {
        assert_eq!(
            one_line("  Acme\r\nBcc: evil@x.com \t Ltd\u{0}"),
            "Acme Bcc: evil@x.com Ltd"
        );
    }
}
