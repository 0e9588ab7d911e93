//! The report's inputs: the location, and its stock items from the context or from bv_search.

use crate::scan::{decode, Cursor};
use binventory::{bv_search, Json};

/// The page size for bv_search (the host's maximum).
const PAGE: i64 = 1000;

/// Text from the input: raw string contents (decoded only when a part's row is made, as an
/// allocation per item would cost more fuel than the rest of it), or an owned string.
pub enum Text<'a> {
    Raw(&'a [u8]),
    Owned(String),
}

impl<'a> Text<'a> {
    fn text(&self) -> String {
        match self {
            Text::Raw(r) => decode(r),
            Text::Owned(s) => s.clone(),
        }
    }
}

fn nonempty(t: &Option<Text>) -> Option<String> {
    t.as_ref().map(Text::text).filter(|s| !s.is_empty())
}

/// One stock item, reduced to what the valuation reads.
#[derive(Default)]
pub struct Item<'a> {
    pub part: i64,
    pub name: Option<Text<'a>>,
    pub full_name: Option<Text<'a>>,
    pub ipn: Option<Text<'a>>,
    pub quantity: f64,
    pub price: Option<f64>,
}

impl<'a> Item<'a> {
    /// The part's name as the table shows it: full name, else name, else "Part <pk>".
    pub fn display_name(&self) -> String {
        nonempty(&self.full_name).or_else(|| nonempty(&self.name)).unwrap_or_else(|| format!("Part {}", self.part))
    }

    pub fn ipn_text(&self) -> Option<String> {
        nonempty(&self.ipn)
    }
}

/// The parts of report_build's input this report reads.
pub struct Input<'a> {
    pub report: Option<String>,
    pub location: Json,
    pub qr_data: Option<String>,
    pub date: Option<String>,
    /// None when the context has no `stock_items` array: the plugin then searches itself.
    pub stock_items: Option<Vec<Item<'a>>>,
}

fn whole(n: Option<f64>) -> Option<i64> {
    n.filter(|n| n.fract() == 0.0 && n.abs() < 9.0e15).map(|n| n as i64)
}

#[inline(never)]
fn part_detail_member<'a>(c: &mut Cursor<'a>, key: &[u8], it: &mut Item<'a>) -> Result<(), String> {
    match key {
        b"pk" => {
            let pk = whole(c.number()?);
            if it.part == 0 {
                it.part = pk.unwrap_or(0);
            }
        }
        b"name" => it.name = c.raw_string()?.map(Text::Raw),
        b"full_name" => it.full_name = c.raw_string()?.map(Text::Raw),
        b"IPN" => it.ipn = c.raw_string()?.map(Text::Raw),
        _ => c.skip_value()?,
    }
    Ok(())
}

#[inline(never)]
fn part_detail<'a>(c: &mut Cursor<'a>, it: &mut Item<'a>) -> Result<(), String> {
    if !c.at_object() {
        return c.skip_value();
    }
    // Only pk, name, full_name and IPN are read: other keys skip the member function's entry cost.
    c.members(|c, key| if matches!(key.first(), Some(b'p' | b'n' | b'f' | b'I')) { part_detail_member(c, key, it) } else { c.skip_value() })
}

// The per-member work lives in functions of their own, out of the members loop: fuel is charged
// per iteration by the loop body's size, so an inlined match would cost its every arm each time.
#[inline(never)]
fn item_member<'a>(c: &mut Cursor<'a>, key: &[u8], it: &mut Item<'a>) -> Result<(), String> {
    match key {
        b"part" => {
            if let Some(pk) = whole(c.number()?) {
                it.part = pk;
            }
        }
        b"quantity" => it.quantity = c.number()?.unwrap_or(0.0),
        b"purchase_price" => it.price = c.number()?,
        b"part_detail" => part_detail(c, it)?,
        _ => c.skip_value()?,
    }
    Ok(())
}

/// One stock item object (InvenTree's serializer shape); other fields are skipped unread.
#[inline(never)]
fn item<'a>(c: &mut Cursor<'a>) -> Result<Item<'a>, String> {
    if !c.at_object() {
        return Err("context.stock_items must be a list of stock item objects".into());
    }
    let mut it = Item::default();
    // Only part, quantity, purchase_price and part_detail are read.
    c.members(|c, key| if matches!(key.first(), Some(b'p' | b'q')) { item_member(c, key, &mut it) } else { c.skip_value() })?;
    Ok(it)
}

fn items<'a>(c: &mut Cursor<'a>) -> Result<Vec<Item<'a>>, String> {
    let mut out = Vec::new();
    c.elements(|c| {
        out.push(item(c)?);
        Ok(())
    })?;
    Ok(out)
}

fn context<'a>(c: &mut Cursor<'a>, input: &mut Input<'a>) -> Result<(), String> {
    if !c.at_object() {
        return Err("context must be an object".into());
    }
    c.members(|c, key| {
        match key {
            b"location" => input.location = c.value()?,
            b"qr_data" => input.qr_data = c.string()?,
            b"date" => input.date = c.string()?,
            b"stock_items" if c.at_array() => input.stock_items = Some(items(c)?),
            _ => c.skip_value()?,
        }
        Ok(())
    })
}

/// Reads report_build's input `{report, format, context, user}`.
pub fn read(bytes: &[u8]) -> Result<Input<'_>, String> {
    let mut input = Input { report: None, location: Json::Null, qr_data: None, date: None, stock_items: None };
    let mut c = Cursor::new(bytes);
    if !c.at_object() {
        return Err("input must be a JSON object".into());
    }
    c.members(|c, key| {
        match key {
            b"report" => input.report = c.string()?,
            b"context" => context(c, &mut input)?,
            _ => c.skip_value()?,
        }
        Ok(())
    })?;
    c.end()?;
    Ok(input)
}

fn item_from_json(v: &Json) -> Item<'static> {
    let detail = v.get("part_detail");
    let text = |j: &Json| j.as_str().map(|s| Text::Owned(s.to_string()));
    let num = |j: &Json| match j {
        Json::Num(n) if n.is_finite() => Some(*n),
        Json::Str(s) => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        _ => None,
    };
    Item {
        part: v.get("part").as_i64().or_else(|| detail.get("pk").as_i64()).unwrap_or(0),
        name: text(detail.get("name")),
        full_name: text(detail.get("full_name")),
        ipn: text(detail.get("IPN")),
        quantity: num(v.get("quantity")).unwrap_or(0.0),
        price: num(v.get("purchase_price")),
    }
}

/// Every in-stock item under the location, sublocations included, paged through bv_search (as the
/// server's own stocklocation report context holds only items in stock).
pub fn search(location: i64) -> Result<Vec<Item<'static>>, String> {
    let mut out = Vec::new();
    let mut offset = 0i64;
    loop {
        let page = bv_search(&Json::obj([
            ("model", "stockitem".into()),
            ("filters", Json::obj([("location", location.into()), ("cascade", true.into()), ("in_stock", true.into()), ("part_detail", true.into())])),
            ("limit", PAGE.into()),
            ("offset", offset.into()),
        ]))?;
        let results = page.get("results").as_array();
        out.extend(results.iter().map(item_from_json));
        offset += results.len() as i64;
        if results.is_empty() || offset >= page.get("count").as_i64().unwrap_or(0) {
            return Ok(out);
        }
    }
}
