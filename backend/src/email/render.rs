//! The messages the foundation sends. Markup uses inline styles and tables only, because mail clients
//! ignore stylesheets; every user-supplied string is escaped.

pub struct Rendered {
    pub subject: String,
    pub html: String,
    pub text: String,
}

pub fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
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

fn layout(heading: &str, body_html: &str, cta_label: &str, link: &str) -> String {
    format!(
        r#"<!doctype html><html><body style="margin:0;padding:24px;background:#ffffff;font-family:Menlo,Consolas,monospace;color:#000000">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;border:2px solid #000000">
<tr><td style="background:#000000;color:#ffffff;padding:16px;font-size:20px;font-weight:bold">TALI<span style="color:#9D00FF">.</span></td></tr>
<tr><td style="padding:24px"><h1 style="font-size:20px;margin:0 0 16px 0">{heading}</h1>{body_html}
<p style="margin:24px 0"><a href="{link}" style="display:inline-block;background:#9D00FF;color:#ffffff;padding:12px 20px;border:2px solid #000000;text-decoration:none;font-weight:bold">{cta_label}</a></p>
<p style="font-size:12px;color:#333333">If the button does not work, open this link: <a href="{link}" style="color:#9D00FF">{link}</a></p></td></tr>
</table></body></html>"#,
        heading = escape(heading),
        link = escape(link),
        cta_label = escape(cta_label),
    )
}

pub fn password_reset(full_name: &str, link: &str, valid_minutes: i64) -> Rendered {
    let body = format!(
        "<p>Hello {name},</p><p>Someone asked to reset the password of your TALI account. The link works once and \
         expires in {valid_minutes} minutes. If it was not you, ignore this email.</p>",
        name = escape(full_name),
    );
    Rendered {
        subject: "Reset your TALI password".into(),
        html: layout("Reset your password", &body, "Reset password", link),
        text: format!(
            "Hello {full_name},\n\nSomeone asked to reset the password of your TALI account. Open this link \
             (it works once and expires in {valid_minutes} minutes):\n\n{link}\n\nIf it was not you, ignore this email.\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_escapes_the_name_and_carries_the_link() {
        let mail = password_reset(
            "<script>x</script>",
            "http://h/#/reset-password?token=abc",
            60,
        );
        assert!(!mail.html.contains("<script>"));
        assert!(mail.html.contains("&lt;script&gt;"));
        assert!(mail.html.contains("token=abc"));
        assert!(mail.text.contains("http://h/#/reset-password?token=abc"));
    }
}
