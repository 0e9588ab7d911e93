//! Aggregation per part: quantity, value at purchase price, average unit price.

use crate::items::Item;
use std::collections::HashMap;

pub struct PartRow {
    pub part: i64,
    pub name: String,
    pub ipn: Option<String>,
    pub quantity: f64,
    /// Average purchase price over the items that have one (weighted by quantity); None when none has.
    pub unit_price: Option<f64>,
    pub value: f64,
}

pub struct Valuation {
    pub rows: Vec<PartRow>,
    pub items: usize,
    pub unpriced: usize,
    pub total_quantity: f64,
    pub total_value: f64,
}

/// Rounds away float noise (0.1 + 0.2) at a precision finer than any price InvenTree stores.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

struct Acc {
    row: PartRow,
    priced_quantity: f64,
}

/// Groups items by part; items without a purchase price count with value 0. Sorted by value
/// (highest first), then name, then part pk, so equal values always print in the same order.
pub fn value(items: &[Item]) -> Valuation {
    let mut index: HashMap<i64, usize> = HashMap::new();
    let mut accs: Vec<Acc> = Vec::new();
    let mut unpriced = 0;
    for it in items {
        let at = *index.entry(it.part).or_insert_with(|| {
            accs.push(Acc { row: PartRow { part: it.part, name: it.display_name(), ipn: it.ipn_text(), quantity: 0.0, unit_price: None, value: 0.0 }, priced_quantity: 0.0 });
            accs.len() - 1
        });
        let acc = &mut accs[at];
        acc.row.quantity += it.quantity;
        match it.price {
            Some(p) => {
                acc.row.value += it.quantity * p;
                acc.priced_quantity += it.quantity;
                if acc.row.unit_price.is_none() {
                    acc.row.unit_price = Some(p); // kept when the priced quantity is 0
                }
            }
            None => unpriced += 1,
        }
    }
    let mut rows: Vec<PartRow> = accs
        .into_iter()
        .map(|mut a| {
            if a.priced_quantity > 0.0 {
                a.row.unit_price = Some(round6(a.row.value / a.priced_quantity));
            }
            a.row.quantity = round6(a.row.quantity);
            a.row.value = round6(a.row.value);
            a.row
        })
        .collect();
    rows.sort_by(|a, b| b.value.partial_cmp(&a.value).unwrap_or(std::cmp::Ordering::Equal).then_with(|| a.name.cmp(&b.name)).then(a.part.cmp(&b.part)));
    let total_quantity = round6(rows.iter().map(|r| r.quantity).sum());
    let total_value = round6(rows.iter().map(|r| r.value).sum());
    Valuation { rows, items: items.len(), unpriced, total_quantity, total_value }
}
