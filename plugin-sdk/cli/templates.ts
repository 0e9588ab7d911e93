/**
 * What `binventory plugin init` writes: for each language a source file per kind, all following
 * the same behaviour so one set of fixture cases fits every language:
 *   barcode  "<slug>:<SKU>" → {"match": true, "supplier": {"supplier": <name>, "sku": <SKU>}},
 *            "<slug>:" → {"error": …}, anything else → {"match": false}
 *            (WAT, with no JSON at hand: "<slug>:…" → {"match": true, "model": "part", "pk": 1})
 *   action   → {"result": {"action": <action>, "data": <data>}, "info": "<slug> ran <action>"}
 *   report   → {"document": {"title": <name>, "blocks": [heading, paragraph naming report and format]}}
 */
import type { Language } from "./discover.ts";

export const KINDS = ["barcode", "action", "report"] as const;
export type Kind = (typeof KINDS)[number];

export const EXPORT_OF: Record<Kind, string> = { barcode: "barcode_scan", action: "action_run", report: "report_build" };

export interface Names {
  slug: string;
  /** Human name, e.g. "Acme labels" from "acme-labels". */
  name: string;
}

/** The source file's path inside the plugin folder, per language. */
export const SOURCE_PATH: Record<Language, string> = { rust: "src/lib.rs", assemblyscript: "assembly/index.ts", c: "main.c", wat: "plugin.wat" };

const js = (s: string) => JSON.stringify(s);

function rust(kind: Kind, n: Names): string {
  const head = `//! ${n.slug}: a Binventory ${kind} plugin, built with the Rust kit (crate \`binventory\`).\nuse binventory::{run, Json};\n\n`;
  switch (kind) {
    case "barcode":
      return `//! ${n.slug}: a Binventory barcode plugin, built with the Rust kit (crate \`binventory\`); the
//! typed ABI structs in binventory::abi are generated from the ABI's JSON Schemas.
use binventory::abi::{BarcodeScanInput, BarcodeScanOutput, BarcodeScanOutputError, BarcodeScanOutputNoMatch, BarcodeScanOutputSupplier, SupplierBarcode};
use binventory::{run, Json};

const PREFIX: &str = ${js(`${n.slug}:`)};

fn scan(input: &Json) -> Result<Json, String> {
    let input = BarcodeScanInput::from_json(input)?;
    let answer = match input.barcode.strip_prefix(PREFIX) {
        None => BarcodeScanOutput::NoMatch(BarcodeScanOutputNoMatch {}),
        Some("") => BarcodeScanOutput::Error(BarcodeScanOutputError { error: "a ${n.slug} label without a SKU".into() }),
        Some(sku) => BarcodeScanOutput::Supplier(BarcodeScanOutputSupplier {
            supplier: SupplierBarcode { supplier: Some(${js(n.name)}.into()), sku: Some(sku.into()), ..Default::default() },
        }),
    };
    Ok(answer.to_json())
}

#[no_mangle]
pub extern "C" fn barcode_scan() -> i32 {
    run(scan)
}
`;
    case "action":
      return `${head}fn act(input: &Json) -> Result<Json, String> {
    let action = input.get("action").as_str().unwrap_or("");
    Ok(Json::obj([
        ("result", Json::obj([("action", action.into()), ("data", input.get("data").clone())])),
        ("info", format!("${n.slug} ran {}", action).into()),
    ]))
}

#[no_mangle]
pub extern "C" fn action_run() -> i32 {
    run(act)
}
`;
    case "report":
      return `//! ${n.slug}: a Binventory report plugin, built with the Rust kit (crate \`binventory\`): the
//! input read into the generated ABI struct, the document written with the kit's report builder.
use binventory::abi::ReportBuildInput;
use binventory::report::Report;
use binventory::{run, Json};

fn build(input: &Json) -> Result<Json, String> {
    let input = ReportBuildInput::from_json(input)?;
    Ok(Report::new(${js(n.name)})
        .heading(${js(n.name)}, 1)
        .paragraph(&format!("report {} as {}", input.report, input.format.as_str()))
        .to_output())
}

#[no_mangle]
pub extern "C" fn report_build() -> i32 {
    run(build)
}
`;
  }
}

function assemblyscript(kind: Kind, n: Names): string {
  const head = `// ${n.slug}: a Binventory ${kind} plugin, built with the AssemblyScript kit (package "binventory").
import { ${kind === "barcode" ? "BarcodeScanInput, BarcodeScanOutputError, BarcodeScanOutputNoMatch, BarcodeScanOutputSupplier, SupplierBarcode, " : kind === "report" ? "Report, ReportBuildInput, " : ""}Json, fail, inputString, jsonError, output } from "binventory";

/** The call input as JSON, or null after setting the call's error. */
function readInput(): Json | null {
  const input = Json.parse(inputString());
  if (input === null) fail("the input is not JSON: " + jsonError);
  return input;
}

`;
  switch (kind) {
    case "barcode":
      return `${head}const PREFIX = ${js(`${n.slug}:`)};

export function barcode_scan(): i32 {
  const input = readInput();
  if (input === null) return 1;
  // The typed ABI classes (generated from the ABI's JSON Schemas) read the input and build the answer.
  const barcode = BarcodeScanInput.fromJson(input!).barcode;
  if (!barcode.startsWith(PREFIX)) return output(new BarcodeScanOutputNoMatch().toJson().toString());
  const sku = barcode.substring(PREFIX.length);
  if (sku.length == 0) return output(new BarcodeScanOutputError().setError("a ${n.slug} label without a SKU").toJson().toString());
  const supplier = new SupplierBarcode().setSupplier(${js(n.name)}).setSku(sku);
  return output(new BarcodeScanOutputSupplier().setSupplier(supplier).toJson().toString());
}
`;
    case "action":
      return `${head}export function action_run(): i32 {
  const input = readInput();
  if (input === null) return 1;
  const action = input.get("action");
  const name = action.isString() ? action.str : "";
  const result = Json.obj().set("action", Json.str(name)).set("data", input.get("data"));
  return output(Json.obj().set("result", result).set("info", Json.str("${n.slug} ran " + name)).toString());
}
`;
    case "report":
      return `${head}export function report_build(): i32 {
  const input = readInput();
  if (input === null) return 1;
  // The typed input class and the kit's report builder (over the generated ABI classes).
  const request = ReportBuildInput.fromJson(input!);
  return output(new Report(${js(n.name)}).heading(${js(n.name)}).paragraph("report " + request.report + " as " + request.format).toOutput());
}
`;
  }
}

function c(kind: Kind, n: Names): string {
  const head = `/* ${n.slug}: a Binventory ${kind} plugin, built with the C kit (binventory.h, freestanding). */
#include "binventory.h"

`;
  switch (kind) {
    case "barcode":
      return `/* ${n.slug}: a Binventory barcode plugin, built with the C kit (freestanding): the input read into
 * and the answer written from the typed ABI structs of binventory_abi.h (generated from the ABI's JSON Schemas). */
#include "binventory_abi.h"

#define PREFIX ${js(`${n.slug}:`)}

__attribute__((export_name("barcode_scan"))) int barcode_scan(void) {
  bv_BarcodeScanInput input;
  if (!bv_read_BarcodeScanInput(bv_input(), &input)) return bv_fail("the input is not a barcode_scan input");
  bv_str barcode = input.barcode;
  bv_str prefix = bv_cstr(PREFIX);
  bv_BarcodeScanOutput answer = {0};
  if (barcode.len < prefix.len || !bv_str_eq((bv_str){barcode.ptr, prefix.len}, prefix)) {
    answer.kind = BV_BARCODE_SCAN_OUTPUT_NO_MATCH;
  } else if (barcode.len == prefix.len) {
    answer.kind = BV_BARCODE_SCAN_OUTPUT_ERROR;
    answer.as.error.error = bv_cstr("a ${n.slug} label without a SKU");
  } else {
    answer.kind = BV_BARCODE_SCAN_OUTPUT_SUPPLIER;
    answer.as.supplier.supplier.supplier = bv_cstr(${js(n.name)});
    answer.as.supplier.supplier.sku = (bv_str){barcode.ptr + prefix.len, barcode.len - prefix.len};
  }
  bv_buf out = {0};
  bv_write_BarcodeScanOutput(&out, &answer);
  return bv_output(bv_buf_str(&out));
}
`;
    case "action":
      return `${head}__attribute__((export_name("action_run"))) int action_run(void) {
  bv_str input = bv_input();
  bv_str action;
  if (!bv_json_string(bv_json_get(input, "action"), &action)) action = bv_cstr("");
  bv_str data = bv_json_get(input, "data");
  bv_buf out = {0};
  bv_buf_raw(&out, "{\\"result\\":{\\"action\\":");
  bv_buf_string(&out, action);
  bv_buf_raw(&out, ",\\"data\\":");
  if (data.ptr) bv_buf_span(&out, data);
  else bv_buf_raw(&out, "null");
  bv_buf_raw(&out, "},\\"info\\":");
  bv_buf info = {0};
  bv_buf_raw(&info, "${n.slug} ran ");
  bv_buf_span(&info, action);
  bv_buf_string(&out, bv_buf_str(&info));
  bv_buf_raw(&out, "}");
  return bv_output(bv_buf_str(&out));
}
`;
    case "report":
      return `/* ${n.slug}: a Binventory report plugin, built with the C kit (freestanding): the input read into
 * the typed ABI struct (binventory_abi.h), the document written with the report builder (binventory_report.h). */
#include "binventory_report.h"

__attribute__((export_name("report_build"))) int report_build(void) {
  bv_ReportBuildInput input;
  if (!bv_read_ReportBuildInput(bv_input(), &input)) return bv_fail("the input is not a report_build input");
  bv_buf text = {0};
  bv_buf_raw(&text, "report ");
  bv_buf_span(&text, input.report);
  bv_buf_raw(&text, " as ");
  bv_buf_raw(&text, bv_ReportBuildInputFormat_text(input.format));
  bv_report r;
  bv_report_begin(&r, bv_cstr(${js(n.name)}));
  bv_report_heading(&r, bv_cstr(${js(n.name)}), 1);
  bv_report_paragraph(&r, bv_buf_str(&text));
  return bv_output(bv_report_end(&r));
}
`;
  }
}

/** WAT bytes as a data string (every byte escaped, so any text is safe). */
const watData = (s: string) => [...new TextEncoder().encode(s)].map((b) => `\\${b.toString(16).padStart(2, "0")}`).join("");
const utf8Length = (s: string) => new TextEncoder().encode(s).length;

function wat(kind: Kind, n: Names): string {
  const fixed: Record<Exclude<Kind, "barcode">, string> = {
    action: JSON.stringify({ result: "ok", info: `${n.slug} ran` }),
    report: JSON.stringify({ document: { title: n.name, blocks: [{ type: "heading", text: n.name }] } }),
  };
  const common = `  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)

  ;; Sets the call output to len bytes of linear memory at ptr; returns 0 (success).
  (func $output (param $ptr i32) (param $len i32) (result i32)
    (local $off i64) (local $i i32)
    (local.set $off (call $alloc (i64.extend_i32_u (local.get $len))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (call $store_u8 (i64.add (local.get $off) (i64.extend_i32_u (local.get $i))) (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (call $output_set (local.get $off) (i64.extend_i32_u (local.get $len)))
    (i32.const 0))
`;
  if (kind !== "barcode") {
    const text = fixed[kind];
    return `;; ${n.slug}: a Binventory ${kind} plugin in WebAssembly text (no kit): answers a fixed output.
(module
${common}
  (data (i32.const 0) "${watData(text)}")
  (func (export "${EXPORT_OF[kind]}") (result i32)
    (call $output (i32.const 0) (i32.const ${utf8Length(text)}))))
`;
  }
  const needle = `"barcode":"${n.slug}:`;
  const yes = JSON.stringify({ match: true, model: "part", pk: 1 });
  const no = JSON.stringify({ match: false });
  const [at1, at2, at3] = [0, 256, 512];
  return `;; ${n.slug}: a Binventory barcode plugin in WebAssembly text (no kit). Barcodes starting with
;; "${n.slug}:" are part 1: it looks for the bytes ${needle} in the input.
(module
${common}
  (data (i32.const ${at1}) "${watData(needle)}")
  (data (i32.const ${at2}) "${watData(yes)}")
  (data (i32.const ${at3}) "${watData(no)}")

  ;; 1 when the needle occurs in the input at offset $at.
  (func $matches_at (param $at i64) (result i32)
    (local $i i32)
    (block $no (loop $next
      (if (i32.ge_u (local.get $i) (i32.const ${utf8Length(needle)})) (then (return (i32.const 1))))
      (br_if $no (i32.ne (call $input_load_u8 (i64.add (local.get $at) (i64.extend_i32_u (local.get $i)))) (i32.load8_u (i32.add (i32.const ${at1}) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (i32.const 0))

  (func (export "barcode_scan") (result i32)
    (local $at i64) (local $last i64)
    (local.set $last (i64.sub (call $input_length) (i64.const ${utf8Length(needle)})))
    (block $none (loop $next
      (br_if $none (i64.gt_s (local.get $at) (local.get $last)))
      (if (call $matches_at (local.get $at)) (then (return (call $output (i32.const ${at2}) (i32.const ${utf8Length(yes)})))))
      (local.set $at (i64.add (local.get $at) (i64.const 1)))
      (br $next)))
    (call $output (i32.const ${at3}) (i32.const ${utf8Length(no)}))))
`;
}

/** The source of a new plugin of `kind` in `language`. */
export function sourceFor(language: Language, kind: Kind, names: Names): string {
  switch (language) {
    case "rust":
      return rust(kind, names);
    case "assemblyscript":
      return assemblyscript(kind, names);
    case "c":
      return c(kind, names);
    case "wat":
      return wat(kind, names);
  }
}

/** A fixture case: an export's input and the output (or error) it must give. */
export interface FixtureCase {
  description: string;
  export: string;
  input: unknown;
  output?: unknown;
  error?: string;
}

const USER = { pk: 1, username: "admin", role: "superuser" };

/** The fixture cases `init` writes to tests/, named by file. */
export function fixturesFor(language: Language, kind: Kind, n: Names): Record<string, FixtureCase> {
  const exp = EXPORT_OF[kind];
  switch (kind) {
    case "barcode": {
      const scan = (barcode: string) => ({ barcode, hash: "", context: { user: USER } });
      const match = language === "wat" ? { match: true, model: "part", pk: 1 } : { match: true, supplier: { supplier: n.name, sku: "ABC-123" } };
      return {
        "match.json": { description: `a ${n.slug} label is recognised`, export: exp, input: scan(`${n.slug}:ABC-123`), output: match },
        "no-match.json": { description: "another barcode is left to other plugins", export: exp, input: scan("4006381333931"), output: { match: false } },
      };
    }
    case "action": {
      const input = { action: `${n.slug}-run`, data: { n: 1 }, user: USER };
      const output = language === "wat" ? { result: "ok", info: `${n.slug} ran` } : { result: { action: `${n.slug}-run`, data: { n: 1 } }, info: `${n.slug} ran ${n.slug}-run` };
      return { "run.json": { description: "the action answers", export: exp, input, output } };
    }
    case "report": {
      const input = { report: n.slug, format: "html", context: {}, user: USER };
      // The kits' report builders give a heading its level; the WAT scaffold writes its text as it is.
      const blocks: unknown[] = [language === "wat" ? { type: "heading", text: n.name } : { type: "heading", text: n.name, level: 1 }];
      if (language !== "wat") blocks.push({ type: "paragraph", text: `report ${n.slug} as html` });
      return { "document.json": { description: "the report builds a document", export: exp, input, output: { document: { title: n.name, blocks } } } };
    }
  }
}
