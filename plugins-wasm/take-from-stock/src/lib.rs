//! take-from-stock: removes a quantity from one stock item, as a "take" button would.
//! Action "take", data {"item": pk, "quantity": n, "notes"?: text}
//!   → {"result": {"item", "removed", "remaining"}, "info": "..."}

use binventory::abi::{GetRequest, GetRequestModel, StockAdjustRequest, StockAdjustRequestItem, StockAdjustRequestOp};
use binventory::{bv_get, bv_stock_adjust, run, Json};

fn take(input: &Json) -> Result<Json, String> {
    if input.get("action").as_str() != Some("take") {
        return Err("unknown action: this plugin provides \"take\"".into());
    }
    let data = input.get("data");
    let item = match data.get("item").as_i64() {
        Some(pk) if pk > 0 => pk,
        _ => return Err("data.item must be a stock item pk".into()),
    };
    let quantity = match data.get("quantity").as_f64() {
        Some(q) if q > 0.0 => q,
        _ => return Err("data.quantity must be a number greater than 0".into()),
    };

    // Check first, so a failed take leaves no half-done adjustment and says why.
    let stock = bv_get(&GetRequest { model: GetRequestModel::Stockitem, pk: item }.to_json())?;
    let available = stock.get("quantity").as_f64().ok_or("bv_get returned a stock item without a quantity")?;
    if quantity > available {
        return Err(format!("cannot take {} from stock item {}: only {} available", quantity, item, available));
    }

    let notes = match (data.get("notes").as_str(), input.get("user").get("username").as_str()) {
        (Some(notes), _) if !notes.is_empty() => notes.to_string(),
        (_, Some(user)) => format!("Taken by {} (take-from-stock)", user),
        _ => "Taken (take-from-stock)".to_string(),
    };
    let remove = StockAdjustRequest {
        op: StockAdjustRequestOp::Remove,
        items: vec![StockAdjustRequestItem { pk: item, quantity }],
        location: None,
        notes: Some(notes),
    };
    bv_stock_adjust(&remove.to_json())?;

    let remaining = available - quantity;
    Ok(Json::obj([
        ("result", Json::obj([("item", item.into()), ("removed", quantity.into()), ("remaining", remaining.into())])),
        ("info", format!("Took {} from stock item {}, {} left", quantity, item, remaining).into()),
    ]))
}

#[no_mangle]
pub extern "C" fn action_run() -> i32 {
    run(take)
}
