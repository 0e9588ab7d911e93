//! ISO/IEC 15434 envelope: finds the format 06 message in what a scanner sent and splits it into
//! data-identifier fields, undoing the ways scanners and keyboard wedges mangle control characters.
//! Pure text handling, no host calls, so it can be unit-tested natively.

pub const RS: char = '\u{1e}';
pub const GS: char = '\u{1d}';
pub const EOT: char = '\u{04}';

/// Printable spellings that scanners, keyboard wedges and copy-paste put in place of the control
/// characters. Matched case-insensitively; all ASCII.
const SUBSTITUTES: &[(&str, char)] = &[
    ("{RS}", RS),
    ("<RS>", RS),
    ("\\x1e", RS),
    ("\\u001e", RS),
    ("^^", RS),
    ("{GS}", GS),
    ("<GS>", GS),
    ("\\x1d", GS),
    ("\\u001d", GS),
    ("^]", GS),
    ("{EOT}", EOT),
    ("<EOT>", EOT),
    ("\\x04", EOT),
    ("\\u0004", EOT),
    ("^D", EOT),
];

/// One data-identifier field: `1P` + `LM358BIDDFR`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub di: String,
    pub value: String,
}

/// What a scanned text turned out to be.
#[derive(Debug, PartialEq)]
pub enum Envelope {
    /// Not an ISO/IEC 15434 format 06 message: some other plugin's barcode.
    NotEcia,
    /// Recognisably format 06, but unusable; the reason.
    Damaged(String),
    /// The fields in label order, and whether the old Mouser header (`>[)>06`) was seen.
    Fields { fields: Vec<Field>, old_mouser: bool },
}

/// Replaces the printable substitutes (and the Unicode control pictures ␞ ␝ ␄) with the control
/// characters they stand for.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let bytes = text.as_bytes();
    'outer: while i < text.len() {
        for (sub, ch) in SUBSTITUTES {
            let n = sub.len();
            if bytes.len() - i >= n && bytes[i..i + n].eq_ignore_ascii_case(sub.as_bytes()) {
                out.push(*ch);
                i += n; // the match is ASCII, so i stays on a char boundary
                continue 'outer;
            }
        }
        let c = text[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(match c {
            '\u{241e}' => RS,
            '\u{241d}' => GS,
            '\u{2404}' => EOT,
            c => c,
        });
        i += c.len_utf8().max(1);
    }
    out
}

/// Drops an AIM symbology identifier (`]d2` for DataMatrix, `]Q1` for QR…) that some scanners
/// put in front of the data.
fn strip_symbology_id(text: &str) -> &str {
    let b = text.as_bytes();
    if b.len() >= 3 && b[0] == b']' && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphanumeric() {
        &text[3..]
    } else {
        text
    }
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\t')
}

/// Splits one field into its data identifier (0–3 digits and an upper-case letter) and value.
fn split_field(field: &str) -> Result<Field, String> {
    let b = field.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    match b.get(digits) {
        Some(c) if c.is_ascii_uppercase() && digits <= 3 => Ok(Field { di: field[..=digits].to_string(), value: field[digits + 1..].to_string() }),
        None => Err(format!("field \"{}\" is truncated: it has no data identifier letter", field)),
        Some(_) => Err(format!("field \"{}\" does not start with a data identifier", printable(field))),
    }
}

/// A short, printable excerpt of a field for an error message.
fn printable(s: &str) -> String {
    let mut out: String = s.chars().take(24).map(|c| if c.is_control() { '?' } else { c }).collect();
    if s.chars().count() > 24 {
        out.push('…');
    }
    out
}

/// Finds and splits the format 06 message in `raw`.
pub fn parse(raw: &str) -> Envelope {
    let normal = normalise(raw);
    let text = strip_symbology_id(normal.trim_matches(|c: char| c.is_whitespace()));
    let (text, old_mouser) = match text.strip_prefix('>') {
        Some(rest) if rest.starts_with("[)>") => (rest, true),
        _ => (text, false),
    };
    let rest = match text.strip_prefix("[)>") {
        Some(rest) => rest,
        None => return Envelope::NotEcia,
    };
    // The RS after the header is often lost (old Mouser labels, some wedges).
    let rest = rest.strip_prefix(RS).unwrap_or(rest);
    let rest = rest.trim_start_matches(is_line_break);
    if rest.trim_matches(|c| c == RS || c == EOT || is_line_break(c)).is_empty() {
        return Envelope::Damaged("label ends after its [)> header".into());
    }
    let format: String = rest.chars().take(2).collect();
    if format != "06" {
        if format.len() == 2 && format.bytes().all(|c| c.is_ascii_digit()) {
            return Envelope::NotEcia; // another ISO/IEC 15434 format (05 = GS1, 12…): not ours
        }
        return Envelope::Damaged("the [)> header is not followed by a format number".into());
    }
    let mut body = rest[2..].to_string();
    // A scanner that turned every separator into Enter or Tab: those are the separators then.
    // Otherwise line breaks never belong to the data (a wedge's trailing Enter, wrapped text).
    if body.contains(GS) {
        body.retain(|c| !is_line_break(c));
    } else {
        body = body.replace("\r\n", "\n").chars().map(|c| if is_line_break(c) { GS } else { c }).collect();
    }
    // The message ends at the first RS or EOT (the trailer, often missing; a second format
    // envelope after it is ignored).
    let end = body.find(|c| c == RS || c == EOT).unwrap_or(body.len());
    let body = &body[..end];
    if body.is_empty() {
        return Envelope::Damaged("label has a format 06 header but no fields".into());
    }
    if !body.starts_with(GS) {
        return Envelope::Damaged("fields are not separated: the scanner dropped the GS (0x1D) characters".into());
    }
    let mut fields = Vec::new();
    for part in body.split(GS).filter(|p| !p.is_empty()) {
        match split_field(part) {
            Ok(f) => fields.push(f),
            Err(e) => return Envelope::Damaged(e),
        }
    }
    if fields.is_empty() {
        return Envelope::Damaged("label has a format 06 header but no fields".into());
    }
    Envelope::Fields { fields, old_mouser }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_fields() {
        match parse("[)>\u{1e}06\u{1d}P12-ND\u{1d}1PABC\u{1d}Q10\u{1e}\u{04}") {
            Envelope::Fields { fields, old_mouser } => {
                assert!(!old_mouser);
                assert_eq!(fields.iter().map(|f| (f.di.as_str(), f.value.as_str())).collect::<Vec<_>>(), vec![("P", "12-ND"), ("1P", "ABC"), ("Q", "10")]);
            }
            other => panic!("{:?}", other),
        }
    }

    #[test]
    fn substitutes() {
        assert_eq!(normalise("a{gs}b<RS>c^]d\\x1De␝f"), "a\u{1d}b\u{1e}c\u{1d}d\u{1d}e\u{1d}f");
        assert!(matches!(parse("[)>{RS}06{GS}PX{GS}Q1{RS}{EOT}"), Envelope::Fields { .. }));
        assert!(matches!(parse("]d2[)>␞06␝PX␝Q1"), Envelope::Fields { .. }));
        assert!(matches!(parse("[)>06\nPX\nQ1\r\n"), Envelope::Fields { .. }));
    }

    #[test]
    fn not_ours_and_damaged() {
        assert_eq!(parse("hello"), Envelope::NotEcia);
        assert_eq!(parse("[)>\u{1e}05\u{1d}0112345"), Envelope::NotEcia);
        assert!(matches!(parse("[)>\u{1e}"), Envelope::Damaged(_)));
        assert!(matches!(parse("[)>\u{1e}06PABCQ10"), Envelope::Damaged(_)));
        assert!(matches!(parse("[)>\u{1e}06\u{1d}PX\u{1d}14"), Envelope::Damaged(_)));
        assert!(matches!(parse("[)>\u{1e}06\u{1d}PX\u{1d}éé"), Envelope::Damaged(_)));
    }
}
