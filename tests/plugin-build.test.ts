// The example plugins and the language kits: scripts/build-plugins.ts builds them, the modules keep
// to ABI 1, and each one works through fake host functions under @extism/extism 1.0.3.
import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { PluginManifest } from "../plugin-sdk/schema/index.ts";
import { actionInput, callPlugin, type FakeHandler, PLUGINS_DIR, pluginBytes } from "./support/fake-host.ts";

const ROOT = join(import.meta.dir, "..");
const BUN = join(ROOT, "node_modules", ".bin", "bun");
const EXAMPLES = ["count-location", "echo", "low-stock", "take-from-stock"];

function buildPlugins(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(BUN, [join(ROOT, "scripts", "build-plugins.ts"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

let firstBuild: { status: number | null; out: string };
beforeAll(() => {
  firstBuild = buildPlugins();
}, 600_000); // a fresh machine may compile everything (and apt-get the toolchains)

describe("build-plugins.ts", () => {
  test("builds every example and prints one line per plugin", () => {
    expect(firstBuild.status).toBe(0);
    for (const slug of EXAMPLES) expect(firstBuild.out).toMatch(new RegExp(`plugins-wasm/${slug} \\(\\w+\\): (built|up to date)`));
  });

  test("a second run skips plugins whose output is newer than their sources", () => {
    const again = buildPlugins();
    expect(again.status).toBe(0);
    for (const slug of EXAMPLES) expect(again.out).toContain(`plugins-wasm/${slug} `);
    expect(again.out).not.toContain(": built");
  });

  const checkManifest = TypeCompiler.Compile(PluginManifest);
  for (const slug of EXAMPLES) {
    test(`${slug}: plugin.json matches the ABI's manifest schema`, () => {
      const manifest: unknown = JSON.parse(readFileSync(join(PLUGINS_DIR, slug, "plugin.json"), "utf8"));
      expect([...checkManifest.Errors(manifest)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
      expect((manifest as { slug: string }).slug).toBe(slug);
    });

    test(`${slug}: imports only the kernel and its permitted host functions, exports action_run`, () => {
      const module = new WebAssembly.Module(pluginBytes(slug));
      const imports = WebAssembly.Module.imports(module);
      for (const imp of imports) expect(["extism:host/env", "extism:host/user"]).toContain(imp.module);
      const manifest = JSON.parse(readFileSync(join(PLUGINS_DIR, slug, "plugin.json"), "utf8")) as { permissions: string[] };
      const called = imports.filter((i) => i.module === "extism:host/user").map((i) => i.name);
      expect(called.sort()).toEqual([...manifest.permissions].sort());
      expect(WebAssembly.Module.exports(module).some((e) => e.name === "action_run" && e.kind === "function")).toBe(true);
    });
  }

  describe("refuses modules that break the ABI", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "bv-build-"));
    });

    /** Writes a WAT plugin into the temp folder and runs the build on that folder alone. */
    function buildWat(slug: string, wat: string, manifest: Record<string, unknown> = {}): { status: number | null; out: string } {
      const folder = join(dir, slug);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "p.wat"), wat);
      const json = { abi: 1, slug, name: slug, version: "1.0.0", kinds: { action: { actions: ["x"] } }, permissions: [], build: { language: "wat", source: "p.wat" }, ...manifest };
      writeFileSync(join(folder, "plugin.json"), JSON.stringify(json));
      return buildPlugins(folder);
    }
    const RUN = `(func (export "action_run") (result i32) (i32.const 0))`;

    test("a WASI import", () => {
      const r = buildWat("wasi", `(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))) ${RUN})`);
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("wasi_snapshot_preview1.fd_write: only extism:host/env and extism:host/user are allowed");
    });

    test("a kernel import that Extism 1.0.3 lacks", () => {
      const r = buildWat("loglevel", `(module (import "extism:host/env" "get_log_level" (func (result i32))) ${RUN})`);
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("get_log_level, which the Extism 1.0.3 kernel does not provide");
    });

    test("a host function missing from permissions", () => {
      const r = buildWat("unpermitted", `(module (import "extism:host/user" "bv_stock_adjust" (func (param i64) (result i64))) ${RUN})`, { permissions: ["bv_get"] });
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("calls bv_stock_adjust but plugin.json's permissions do not list it");
    });

    test("a missing export its kinds need, and no plugin.wasm is left behind", () => {
      const r = buildWat("noexport", `(module ${RUN})`, { kinds: { action: { actions: ["x"] }, barcode: {} } });
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("does not export barcode_scan");
      expect(() => readFileSync(join(dir, "noexport", "plugin.wasm"))).toThrow();
    });

    test("more initial memory than limits.memory_pages", () => {
      const r = buildWat("bigmem", `(module (memory 4) ${RUN})`, { limits: { memory_pages: 2 } });
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("starts with 4 memory pages, more than limits.memory_pages (2)");
    });

    test("a source that does not compile", () => {
      const r = buildWat("broken", "(module (func (export \"action_run\") (result i32) (i64.const 0)))");
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("FAILED to compile");
    });

    test("a well-formed plugin passes", () => {
      const r = buildWat("fine", `(module ${RUN})`);
      expect(r.status).toBe(0);
      expect(r.out).toMatch(/fine \(wat\): built/);
      rmSync(dir, { recursive: true, force: true });
    });
  });
});

/** A bv_search over `items`, honouring limit and offset as the host does. */
function pagedSearch(items: unknown[]): FakeHandler {
  return (req) => {
    const offset = typeof req.offset === "number" ? req.offset : 0;
    const limit = typeof req.limit === "number" ? req.limit : 100;
    return { ok: true, data: { count: items.length, results: items.slice(offset, offset + limit) } };
  };
}

describe("count-location (C kit)", () => {
  test("counts items, distinct parts and the total quantity across pages", async () => {
    const items = Array.from({ length: 2500 }, (_, i) => ({ pk: i + 1, part: 100 + (i % 7), quantity: 1 + (i % 4) * 0.25, location: 4 }));
    const expected = items.reduce((sum, it) => sum + it.quantity, 0);
    const r = await callPlugin("count-location", actionInput("count_location", { location: 4 }), { bv_search: pagedSearch(items) });
    expect(r.error).toBeNull();
    expect(r.output).toEqual({ result: { location: 4, items: 2500, total_quantity: expected, parts: 7 }, info: "2500 stock items of 7 parts" });
    expect(r.calls.map((c) => c.request)).toEqual([0, 1000, 2000].map((offset) => ({ model: "stockitem", filters: { location: 4, cascade: true }, limit: 1000, offset })));
  });

  test("an empty location", async () => {
    const r = await callPlugin("count-location", actionInput("count_location", { location: 9 }), { bv_search: pagedSearch([]) });
    expect(r.output).toEqual({ result: { location: 9, items: 0, total_quantity: 0, parts: 0 }, info: "0 stock items of 0 parts" });
  });

  test("fractional quantities print as JSON numbers", async () => {
    const items = [{ pk: 1, part: 1, quantity: 0.1 }, { pk: 2, part: 1, quantity: 0.2 }, { pk: 3, part: 2, quantity: 1234.5 }];
    const r = await callPlugin("count-location", actionInput("count_location", { location: 1 }), { bv_search: pagedSearch(items) });
    expect((r.output as { result: { total_quantity: number } }).result.total_quantity).toBe(1234.8);
  });

  test("a host error envelope becomes the plugin's error, non-ASCII intact", async () => {
    const r = await callPlugin("count-location", actionInput("count_location", { location: 4 }), {
      bv_search: () => ({ ok: false, error: "Lagerort „Süd“ 🏭 nicht gefunden" }),
    });
    expect(r.error).toBe("Lagerort „Süd“ 🏭 nicht gefunden");
  });

  test("bad input is refused without calling the host", async () => {
    for (const data of [{}, { location: "4" }, { location: 1.5 }, { location: 0 }]) {
      const r = await callPlugin("count-location", actionInput("count_location", data), { bv_search: pagedSearch([]) });
      expect(r.error).toBe("data.location must be a stock location pk");
      expect(r.calls).toEqual([]);
    }
    const wrong = await callPlugin("count-location", actionInput("other", { location: 1 }), { bv_search: pagedSearch([]) });
    expect(wrong.error).toContain("unknown action");
  });
});

describe("take-from-stock (Rust kit)", () => {
  const stock = (quantity: number): FakeHandler => () => ({ ok: true, data: { pk: 12, part: 3, quantity } });
  const adjusted: FakeHandler = () => ({ ok: true, data: { items: [{ pk: 12 }] } });

  test("checks the item, then sends bv_stock_adjust remove with a note naming the user", async () => {
    const r = await callPlugin("take-from-stock", actionInput("take", { item: 12, quantity: 2.5 }, { pk: 3, username: "Zoë Ångström" }), {
      bv_get: stock(10),
      bv_stock_adjust: adjusted,
    });
    expect(r.error).toBeNull();
    expect(r.calls).toEqual([
      { fn: "bv_get", request: { model: "stockitem", pk: 12 } },
      { fn: "bv_stock_adjust", request: { op: "remove", items: [{ pk: 12, quantity: 2.5 }], notes: "Taken by Zoë Ångström (take-from-stock)" } },
    ]);
    expect(r.output).toEqual({ result: { item: 12, removed: 2.5, remaining: 7.5 }, info: "Took 2.5 from stock item 12, 7.5 left" });
  });

  test("passes the caller's notes through, non-ASCII intact", async () => {
    const notes = "Für Projekt «Ω» — 第二批 ✓";
    const r = await callPlugin("take-from-stock", actionInput("take", { item: 12, quantity: 1, notes }), { bv_get: stock(1), bv_stock_adjust: adjusted });
    expect(r.calls[1].request.notes).toBe(notes);
    expect((r.output as { result: unknown }).result).toEqual({ item: 12, removed: 1, remaining: 0 });
  });

  test("refuses to take more than the item holds, without adjusting", async () => {
    const r = await callPlugin("take-from-stock", actionInput("take", { item: 12, quantity: 5 }), { bv_get: stock(3), bv_stock_adjust: adjusted });
    expect(r.error).toBe("cannot take 5 from stock item 12: only 3 available");
    expect(r.calls.map((c) => c.fn)).toEqual(["bv_get"]);
  });

  test("a host error envelope from bv_stock_adjust becomes the plugin's error", async () => {
    const r = await callPlugin("take-from-stock", actionInput("take", { item: 12, quantity: 1 }), {
      bv_get: stock(3),
      bv_stock_adjust: () => ({ ok: false, error: "Stock item is not in stock" }),
    });
    expect(r.error).toBe("Stock item is not in stock");
  });

  test("bad input is refused without calling the host", async () => {
    const cases: [unknown, string][] = [
      [{ quantity: 1 }, "data.item must be a stock item pk"],
      [{ item: 12, quantity: 0 }, "data.quantity must be a number greater than 0"],
      [{ item: 12, quantity: -2 }, "data.quantity must be a number greater than 0"],
      [{ item: 12, quantity: "2" }, "data.quantity must be a number greater than 0"],
    ];
    for (const [data, message] of cases) {
      const r = await callPlugin("take-from-stock", actionInput("take", data), { bv_get: stock(3), bv_stock_adjust: adjusted });
      expect(r.error).toBe(message);
      expect(r.calls).toEqual([]);
    }
  });
});

describe("low-stock (AssemblyScript kit)", () => {
  const parts = [
    { pk: 1, name: "Widerstand 10 kΩ", minimum_stock: 100 },
    { pk: 2, name: "No minimum", minimum_stock: 0 },
    { pk: 3, name: "LED 🔴 rot", minimum_stock: 5 },
    { pk: 4, name: "Plenty", minimum_stock: 2 },
  ];
  const stockByPart: Record<number, number[]> = { 1: [30, 20.5], 3: [], 4: [1, 1, 1] };
  const search: FakeHandler = (req) => {
    if (req.model === "part") return pagedSearch(parts)(req);
    const part = (req.filters as { part: number }).part;
    return pagedSearch((stockByPart[part] ?? []).map((quantity, i) => ({ pk: i + 1, part, quantity })))(req);
  };

  test("lists parts below their minimum with the shortfall, non-ASCII names intact", async () => {
    const r = await callPlugin("low-stock", actionInput("low_stock", {}), { bv_search: search, bv_setting_get: () => ({ ok: true, data: { value: 50 } }) });
    expect(r.error).toBeNull();
    expect(r.output).toEqual({
      result: {
        checked: 3,
        low: [
          { pk: 1, name: "Widerstand 10 kΩ", minimum_stock: 100, in_stock: 50.5, shortfall: 49.5 },
          { pk: 3, name: "LED 🔴 rot", minimum_stock: 5, in_stock: 0, shortfall: 5 },
        ],
      },
      info: "2 of 3 parts with a minimum are below it",
    });
    expect(r.calls[0]).toEqual({ fn: "bv_setting_get", request: { key: "MAX_PARTS" } });
    expect(r.calls[1].request).toEqual({ model: "part", filters: { active: true }, limit: 50 });
    expect(r.calls[2].request).toEqual({ model: "stockitem", filters: { part: 1, in_stock: true }, limit: 1000, offset: 0 });
  });

  test("filters by category and pages through a part's stock", async () => {
    const many = Array.from({ length: 1500 }, () => 0.5);
    const r = await callPlugin("low-stock", actionInput("low_stock", { category: 7 }), {
      bv_search: (req) => (req.model === "part" ? pagedSearch([{ pk: 9, name: "Screw", minimum_stock: 1000 }])(req) : pagedSearch(many.map((quantity, i) => ({ pk: i, part: 9, quantity })))(req)),
      bv_setting_get: () => ({ ok: true, data: { value: null } }),
    });
    expect(r.calls[1].request).toEqual({ model: "part", filters: { active: true, category: 7 }, limit: 200 });
    expect(r.calls.slice(2).map((c) => c.request.offset)).toEqual([0, 1000]);
    expect((r.output as { result: unknown }).result).toEqual({ checked: 1, low: [{ pk: 9, name: "Screw", minimum_stock: 1000, in_stock: 750, shortfall: 250 }] });
  });

  test("a host error envelope becomes the plugin's error", async () => {
    const r = await callPlugin("low-stock", actionInput("low_stock", {}), {
      bv_search: (req) => (req.model === "part" ? pagedSearch(parts)(req) : { ok: false, error: "Datenbank gesperrt — später erneut" }),
      bv_setting_get: () => ({ ok: true, data: { value: 10 } }),
    });
    expect(r.error).toBe("Datenbank gesperrt — später erneut");
  });

  test("bad input is refused", async () => {
    const r = await callPlugin("low-stock", actionInput("low_stock", { category: "x" }), { bv_search: search, bv_setting_get: () => ({ ok: true, data: { value: 10 } }) });
    expect(r.error).toBe("data.category must be a part category pk");
    const junk = await callPlugin("low-stock", "{not json", { bv_search: search, bv_setting_get: () => ({ ok: true, data: { value: 10 } }) });
    expect(junk.error).toStartWith("input is not JSON");
  });
});

describe("echo (raw WAT, no kit)", () => {
  const log: FakeHandler = () => ({ ok: true, data: null });

  test("answers with the request unchanged and logs through bv_log", async () => {
    const input = { action: "echo", data: { text: "Grüße aus Köln 😀 — 東京", n: [1, 2.5, null, true] }, user: { pk: 2, username: "Jürgen" } };
    const r = await callPlugin("echo", JSON.stringify(input), { bv_log: log });
    expect(r.output).toEqual({ result: input, info: "echo" });
    expect(r.calls).toEqual([{ fn: "bv_log", request: { level: "debug", message: "echo called" } }]);
  });

  test("copies a large input of odd length byte for byte", async () => {
    const input = actionInput("echo", { blob: "ä".repeat(40_001) + "x" });
    const r = await callPlugin("echo", input, { bv_log: log });
    expect((r.output as { result: unknown }).result).toEqual(JSON.parse(input));
  });

  test("an empty input is an error", async () => {
    const r = await callPlugin("echo", "", { bv_log: log });
    expect(r.error).toBe("empty input: expected an action request");
  });
});
