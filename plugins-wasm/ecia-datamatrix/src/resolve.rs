//! Maps a decoded label to a supplier part and an open purchase-order line through `bv_search`.
//! Every lookup is best effort: a host error ends the lookup, never the scan.

use crate::label::Label;
use binventory::{bv_search, Json};

/// The host's SKU / MPN filters take at most this many characters.
const MAX_FILTER_LEN: usize = 100;

fn search(model: &str, filters: Json, search: Option<&str>, limit: i64) -> Result<Vec<Json>, String> {
    let mut request = vec![("model".to_string(), Json::from(model)), ("filters".to_string(), filters), ("limit".to_string(), limit.into())];
    if let Some(s) = search {
        request.push(("search".to_string(), s.into()));
    }
    let data = bv_search(&Json::Obj(request))?;
    Ok(data.get("results").as_array().to_vec())
}

/// Lower-case letters and digits only: "Digi-Key Electronics" → "digikeyelectronics".
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(|c| c.to_lowercase()).collect()
}

/// Narrows supplier-part candidates to one: by the supplier the label names (when any candidate's
/// company carries that name), then by the label's MPN. None unless exactly one is left.
fn narrow(mut parts: Vec<Json>, label: &Label) -> Option<i64> {
    if parts.len() > 1 {
        if let Some(name) = label.supplier {
            let want = squash(name);
            let same: Vec<Json> = parts.iter().filter(|p| squash(p.get("supplier_detail").get("name").as_str().unwrap_or("")).contains(&want)).cloned().collect();
            if !same.is_empty() {
                parts = same;
            }
        }
    }
    if parts.len() > 1 {
        if let Some(mpn) = &label.mpn {
            let same: Vec<Json> = parts.iter().filter(|p| p.get("MPN").as_str().map_or(false, |m| m.eq_ignore_ascii_case(mpn))).cloned().collect();
            if !same.is_empty() {
                parts = same;
            }
        }
    }
    if parts.len() == 1 {
        parts[0].get("pk").as_i64()
    } else {
        None
    }
}

/// The supplier part: by SKU first, then by MPN (Mouser labels carry only the MPN).
pub fn supplier_part(label: &Label) -> Result<Option<i64>, String> {
    let keys = [("SKU", &label.sku), ("MPN", &label.mpn)];
    for (filter, value) in keys.iter() {
        if let Some(v) = value {
            if v.chars().count() > MAX_FILTER_LEN {
                continue;
            }
            let filters = Json::obj([(*filter, v.as_str().into()), ("supplier_detail", true.into())]);
            if let Some(pk) = narrow(search("supplierpart", filters, None, 50)?, label) {
                return Ok(Some(pk));
            }
        }
    }
    Ok(None)
}

/// Pks of the purchase orders the label names: reference or supplier reference equal to its K
/// (customer PO) or 1K (supplier order) field.
fn named_orders(label: &Label) -> Result<Vec<i64>, String> {
    let mut pks = Vec::new();
    for value in [&label.purchase_order, &label.supplier_order].iter().filter_map(|v| v.as_ref()) {
        for order in search("purchaseorder", Json::obj([]), Some(value), 100)? {
            let same = |key: &str| order.get(key).as_str().map_or(false, |s| s.eq_ignore_ascii_case(value));
            if same("reference") || same("supplier_reference") {
                if let Some(pk) = order.get("pk").as_i64() {
                    pks.push(pk);
                }
            }
        }
    }
    Ok(pks)
}

/// The open purchase-order line still waiting for this supplier part; when several, the one on
/// the order the label names. None when that leaves no single line.
pub fn order_line(part: i64, label: &Label) -> Result<Option<i64>, String> {
    let lines = search("purchaseorderline", Json::obj([("part", part.into()), ("pending", true.into())]), None, 100)?;
    let mut open: Vec<&Json> = lines
        .iter()
        .filter(|l| match (l.get("quantity").as_f64(), l.get("received").as_f64()) {
            (Some(q), Some(r)) => r < q,
            _ => true,
        })
        .collect();
    if open.len() > 1 {
        let orders = named_orders(label)?;
        open.retain(|l| l.get("order").as_i64().map_or(false, |o| orders.contains(&o)));
    }
    Ok(if open.len() == 1 { open[0].get("pk").as_i64() } else { None })
}
