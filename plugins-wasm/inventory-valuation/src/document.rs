//! The ReportDocument (plugin-sdk/schema/report.ts) for a valuation.

use crate::Location;
use crate::valuation::Valuation;
use binventory::Json;

fn opt_str(v: &Option<String>) -> Json {
    match v {
        Some(s) => s.as_str().into(),
        None => Json::Null,
    }
}

fn opt_num(v: Option<f64>) -> Json {
    v.map(Json::Num).unwrap_or(Json::Null)
}

fn column(key: &str, title: &str, width: f64, align: &str, format: &str, decimals: Option<i64>) -> Json {
    let mut members = vec![
        ("key".to_string(), key.into()),
        ("title".to_string(), title.into()),
        ("width".to_string(), width.into()),
        ("align".to_string(), align.into()),
        ("format".to_string(), format.into()),
    ];
    if let Some(d) = decimals {
        members.push(("decimals".to_string(), d.into()));
    }
    Json::Obj(members)
}

fn unpriced_note(n: usize) -> String {
    if n == 1 {
        "1 item has no purchase price; it counts with value 0.".to_string()
    } else {
        format!("{} items have no purchase price; they count with value 0.", n)
    }
}

/// Builds the document: heading, key/value summary, QR code, notes, the per-part table with totals.
pub fn build(location: &Location, qr: &str, date: Option<&str>, v: &Valuation) -> Json {
    let date = date.map(Json::from).unwrap_or(Json::Null);
    let mut blocks: Vec<Json> = vec![
        Json::obj([("type", "heading".into()), ("text", "Inventory valuation".into()), ("level", 1i64.into())]),
        Json::obj([
            ("type", "keyvalue".into()),
            (
                "items",
                vec![
                    Json::obj([("key", "Location".into()), ("value", location.pathstring.as_str().into())]),
                    Json::obj([("key", "Items".into()), ("value", (v.items as i64).into())]),
                    Json::obj([("key", "Parts".into()), ("value", (v.rows.len() as i64).into())]),
                    Json::obj([("key", "Total value".into()), ("value", v.total_value.into())]),
                    Json::obj([("key", "Date".into()), ("value", date)]),
                ]
                .into(),
            ),
        ]),
        Json::obj([
            ("type", "barcode".into()),
            ("symbology", "qrcode".into()),
            ("data", qr.into()),
            ("width_mm", 25.0.into()),
            ("caption", location.pathstring.as_str().into()),
            ("align", "right".into()),
        ]),
    ];
    if v.items == 0 {
        blocks.push(Json::obj([("type", "paragraph".into()), ("text", "No stock items under this location.".into()), ("italic", true.into())]));
    }
    if v.unpriced > 0 {
        blocks.push(Json::obj([("type", "paragraph".into()), ("text", unpriced_note(v.unpriced).into()), ("italic", true.into())]));
    }
    let rows: Vec<Json> = v
        .rows
        .iter()
        .map(|r| {
            Json::obj([
                ("part", r.name.as_str().into()),
                ("ipn", opt_str(&r.ipn)),
                ("quantity", r.quantity.into()),
                ("unit_price", opt_num(r.unit_price)),
                ("value", r.value.into()),
            ])
        })
        .collect();
    blocks.push(Json::obj([
        ("type", "table".into()),
        (
            "columns",
            vec![
                column("part", "Part", 5.0, "left", "text", None),
                column("ipn", "IPN", 2.0, "left", "text", None),
                column("quantity", "Quantity", 1.5, "right", "number", None),
                column("unit_price", "Unit price", 1.5, "right", "currency", Some(4)),
                column("value", "Value", 2.0, "right", "currency", Some(2)),
            ]
            .into(),
        ),
        ("rows", rows.into()),
        ("totals", Json::obj([("part", "Total".into()), ("quantity", v.total_quantity.into()), ("value", v.total_value.into())])),
        ("zebra", true.into()),
        ("repeat_header", true.into()),
    ]));
    Json::obj([
        ("title", format!("Inventory valuation — {}", location.pathstring).into()),
        ("page", Json::obj([("size", "A4".into()), ("orientation", "portrait".into()), ("margin_mm", 15.0.into())])),
        ("header", Json::obj([("left", "Inventory valuation".into()), ("right", location.pathstring.as_str().into())])),
        ("footer", Json::obj([("left", "Printed {date}".into()), ("right", "Page {page} of {pages}".into())])),
        ("blocks", blocks.into()),
    ])
}
