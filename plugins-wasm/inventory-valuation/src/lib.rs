//! inventory-valuation: values the stock under a location at its purchase prices.
//! report_build {"report": "inventory-valuation", "format", "context": {"location", "stock_items"?,
//! "qr_data"?, "date"?}, "user"} → {"document": ReportDocument}: one row per part, sorted by value.
//!
//! Sized for 10,000 stock items: the input is scanned (scan.rs) rather than parsed into a tree,
//! and the output written by write.rs, both with small per-byte loops (fuel is charged per loop
//! iteration by the loop body's size).

mod document;
mod items;
mod scan;
mod valuation;
mod write;

use binventory::{fail, input_bytes, output, Json};

const REPORT_KEY: &str = "inventory-valuation";

/// The location from `context.location`: its pk and the path the report prints.
pub struct Location {
    pub pk: i64,
    pub pathstring: String,
}

fn location(v: &Json) -> Result<Location, String> {
    let pk = match v.get("pk").as_i64() {
        Some(pk) if pk > 0 => pk,
        _ => return Err("context.location must be a stock location object with a pk".into()),
    };
    let path = v.get("pathstring").as_str().filter(|s| !s.is_empty()).or_else(|| v.get("name").as_str());
    Ok(Location { pk, pathstring: path.map(str::to_string).unwrap_or_else(|| format!("Location {}", pk)) })
}

fn build(bytes: &[u8]) -> Result<Json, String> {
    let input = items::read(bytes)?;
    let report = input.report.as_deref().unwrap_or("");
    if report != REPORT_KEY {
        return Err(format!("unknown report \"{}\": this plugin provides \"{}\"", report, REPORT_KEY));
    }
    let loc = location(&input.location)?;
    let stock = match input.stock_items {
        Some(list) => list,
        None => items::search(loc.pk)?,
    };
    let valued = valuation::value(&stock);
    let qr = input.qr_data.filter(|s| !s.is_empty()).unwrap_or_else(|| format!("{{\"stocklocation\": {}}}", loc.pk));
    Ok(Json::obj([("document", document::build(&loc, &qr, input.date.as_deref(), &valued))]))
}

#[no_mangle]
pub extern "C" fn report_build() -> i32 {
    match build(&input_bytes()) {
        Ok(doc) => {
            let mut out = String::new();
            write::json(&doc, &mut out);
            output(&out)
        }
        Err(message) => fail(&message),
    }
}
