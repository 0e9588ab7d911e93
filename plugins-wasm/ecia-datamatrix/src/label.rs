//! What the data identifiers of an ECIA label mean, as DigiKey and Mouser print them.
//! DigiKey: P or 30P = DigiKey part number (the SKU), 1P = manufacturer part number, K = customer
//! PO (often empty), 1K = DigiKey sales order, 10K = invoice, 11K = packing list, 11Z/12Z/13Z/20Z
//! = DigiKey's own. Mouser: K = customer PO, 14K = PO line, 1P = manufacturer part number (the label
//! carries no Mouser SKU), 11K = Mouser order, 1V = manufacturer.

use crate::envelope::Field;

/// The decoded label; `None` for fields the label lacks or leaves empty.
#[derive(Debug, Default, PartialEq)]
pub struct Label {
    pub supplier: Option<&'static str>,
    pub sku: Option<String>,
    pub mpn: Option<String>,
    pub customer_part: Option<String>,
    pub quantity: Option<f64>,
    pub purchase_order: Option<String>,
    pub supplier_order: Option<String>,
    pub invoice: Option<String>,
    pub packing_list: Option<String>,
    pub order_line: Option<String>,
    pub lot: Option<String>,
    pub date_code: Option<String>,
    pub ship_date: Option<String>,
    pub country_of_origin: Option<String>,
    pub manufacturer: Option<String>,
    pub serial: Option<String>,
}

/// Largest quantity accepted: beyond it f64 stops counting pieces exactly.
const MAX_QUANTITY: f64 = 1.0e15;

fn parse_quantity(value: &str) -> Result<f64, String> {
    let v = value.trim();
    if v.is_empty() {
        return Err("quantity field (Q) is empty".into());
    }
    let dots = v.bytes().filter(|&c| c == b'.').count();
    let digits = v.bytes().filter(|c| c.is_ascii_digit()).count();
    if dots > 1 || digits == 0 || digits + dots != v.len() {
        return Err(format!("quantity \"{}\" is not a number", v.chars().take(24).collect::<String>()));
    }
    match v.parse::<f64>() {
        Ok(q) if q.is_finite() && q <= MAX_QUANTITY => Ok(q),
        _ => Err(format!("quantity \"{}\" is too large", v.chars().take(24).collect::<String>())),
    }
}

/// Sets `slot` from the first non-empty occurrence of a field (later duplicates are ignored).
fn first(slot: &mut Option<String>, value: &str) {
    let v = value.trim();
    if slot.is_none() && !v.is_empty() {
        *slot = Some(v.to_string());
    }
}

/// Interprets the fields; `Err` for a field that makes the label unusable.
pub fn interpret(fields: &[Field], old_mouser: bool) -> Result<Label, String> {
    let mut l = Label::default();
    let (mut p, mut p30) = (None, None);
    let mut digikey_only = false;
    let mut mouser_only = old_mouser;
    for f in fields {
        let v = f.value.as_str();
        match f.di.as_str() {
            "P" => first(&mut p, v),
            "30P" => first(&mut p30, v),
            "1P" => first(&mut l.mpn, v),
            "Q" => {
                let q = parse_quantity(v)?;
                if l.quantity.is_none() {
                    l.quantity = Some(q);
                }
            }
            "K" => first(&mut l.purchase_order, v),
            "1K" => first(&mut l.supplier_order, v),
            "10K" => first(&mut l.invoice, v),
            "11K" => first(&mut l.packing_list, v),
            "4K" => first(&mut l.order_line, v),
            "14K" => {
                mouser_only = true;
                first(&mut l.order_line, v)
            }
            "1T" => first(&mut l.lot, v),
            "9D" | "10D" => first(&mut l.date_code, v),
            "6D" => first(&mut l.ship_date, v),
            "4L" => first(&mut l.country_of_origin, v),
            "1V" => first(&mut l.manufacturer, v),
            "S" => first(&mut l.serial, v),
            "11Z" | "12Z" | "13Z" | "20Z" => digikey_only = true,
            _ => {} // other identifiers (2P, 33P, 13Q, E…) carry nothing we use
        }
    }
    // 30P is DigiKey's part number; with it present, P is the customer's own part number.
    match (p30, p) {
        (Some(sku), customer) => {
            digikey_only = true;
            l.sku = Some(sku);
            l.customer_part = customer;
        }
        (None, sku) => l.sku = sku,
    }
    if l.sku.as_deref().map_or(false, |s| s.ends_with("-ND")) {
        digikey_only = true;
    }
    if l.sku.is_none() && l.mpn.is_none() {
        return Err("label has no part number (P, 30P or 1P)".into());
    }
    l.supplier = match (digikey_only, mouser_only) {
        (true, false) => Some("DigiKey"),
        (false, true) => Some("Mouser"),
        _ => None,
    };
    Ok(l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::{parse, Envelope};

    fn label(text: &str) -> Result<Label, String> {
        match parse(text) {
            Envelope::Fields { fields, old_mouser } => interpret(&fields, old_mouser),
            other => panic!("{:?}", other),
        }
    }

    #[test]
    fn digikey() {
        let l = label("[)>\u{1e}06\u{1d}P296-LM358BIDDFRCT-ND\u{1d}1PLM358BIDDFR\u{1d}K\u{1d}1K72991337\u{1d}10K85781337\u{1d}11K1\u{1d}4LPH\u{1d}Q10\u{1d}11ZPICK").unwrap();
        assert_eq!(l.supplier, Some("DigiKey"));
        assert_eq!(l.sku.as_deref(), Some("296-LM358BIDDFRCT-ND"));
        assert_eq!(l.purchase_order, None);
        assert_eq!(l.quantity, Some(10.0));
    }

    #[test]
    fn mouser_and_quantities() {
        let l = label(">[)>06\u{1d}K21421337\u{1d}14K033\u{1d}1PLDK320ADU33R\u{1d}Q32\u{1d}11K060931337\u{1d}4LCN\u{1d}1VSTMicro").unwrap();
        assert_eq!(l.supplier, Some("Mouser"));
        assert_eq!(l.sku, None);
        assert_eq!(l.mpn.as_deref(), Some("LDK320ADU33R"));
        assert!(label("[)>\u{1e}06\u{1d}PX\u{1d}Q1O").is_err());
        assert!(label("[)>\u{1e}06\u{1d}PX\u{1d}Q").is_err());
        assert!(label("[)>\u{1e}06\u{1d}PX\u{1d}Q-3").is_err());
        assert!(label("[)>\u{1e}06\u{1d}Q3").is_err());
        assert_eq!(label("[)>\u{1e}06\u{1d}PX\u{1d}Q2.5").unwrap().quantity, Some(2.5));
    }
}
