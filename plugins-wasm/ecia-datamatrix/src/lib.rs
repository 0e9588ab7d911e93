//! ecia-datamatrix: decodes ECIA / ISO-IEC 15434 format 06 DataMatrix labels (DigiKey, Mouser and
//! other distributors) and resolves the supplier part and open purchase-order line they refer to.
//! barcode_scan {"barcode", "hash", "context"} →
//!   {"match": false} · {"error": "..."} · {"match": true, "supplier": {supplier?, sku?, mpn?, quantity?, …}}

mod envelope;
mod label;
mod resolve;

use binventory::{run, Json};
use envelope::{parse, Envelope};
use label::{interpret, Label};

fn put(out: &mut Vec<(String, Json)>, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        out.push((key.to_string(), v.as_str().into()));
    }
}

/// The `supplier` object of the output.
fn supplier_json(l: &Label, part: Option<i64>, line: Option<i64>) -> Json {
    let mut out: Vec<(String, Json)> = Vec::new();
    if let Some(s) = l.supplier {
        out.push(("supplier".into(), s.into()));
    }
    put(&mut out, "sku", &l.sku);
    put(&mut out, "mpn", &l.mpn);
    if let Some(q) = l.quantity {
        out.push(("quantity".into(), q.into()));
    }
    put(&mut out, "purchase_order", &l.purchase_order);
    put(&mut out, "lot", &l.lot);
    put(&mut out, "date_code", &l.date_code);
    put(&mut out, "country_of_origin", &l.country_of_origin);
    put(&mut out, "serial", &l.serial);
    put(&mut out, "manufacturer", &l.manufacturer);
    put(&mut out, "customer_part", &l.customer_part);
    put(&mut out, "supplier_order", &l.supplier_order);
    put(&mut out, "invoice", &l.invoice);
    put(&mut out, "packing_list", &l.packing_list);
    put(&mut out, "order_line", &l.order_line);
    put(&mut out, "ship_date", &l.ship_date);
    if let Some(pk) = part {
        out.push(("supplier_part".into(), pk.into()));
    }
    if let Some(pk) = line {
        out.push(("purchase_order_line".into(), pk.into()));
    }
    Json::Obj(out)
}

fn scan(input: &Json) -> Result<Json, String> {
    let barcode = input.get("barcode").as_str().ok_or("input has no barcode text")?;
    let label = match parse(barcode) {
        Envelope::NotEcia => return Ok(Json::obj([("match", false.into())])),
        Envelope::Damaged(why) => return Ok(Json::obj([("error", format!("Damaged ECIA label: {}", why).into())])),
        Envelope::Fields { fields, old_mouser } => match interpret(&fields, old_mouser) {
            Ok(label) => label,
            Err(why) => return Ok(Json::obj([("error", format!("Damaged ECIA label: {}", why).into())])),
        },
    };
    // Host lookups are extras: on a host error keep what was found and answer with the fields.
    let part = resolve::supplier_part(&label).unwrap_or(None);
    let line = match part {
        Some(pk) => resolve::order_line(pk, &label).unwrap_or(None),
        None => None,
    };
    Ok(Json::obj([("match", true.into()), ("supplier", supplier_json(&label, part, line))]))
}

#[no_mangle]
pub extern "C" fn barcode_scan() -> i32 {
    run(scan)
}
