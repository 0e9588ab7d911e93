import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { abiJsonSchemas } from "../plugin-sdk/schema/json-schemas.ts";
import { PluginManifest } from "../plugin-sdk/schema/index.ts";
import { parseManifest } from "../server/plugin-host/manifest.ts";

const dir = join(import.meta.dir, "..", "plugin-sdk", "json-schema");

describe("published ABI schemas", () => {
  test("plugin-sdk/json-schema is generated from the TypeBox source and up to date (npm run abi:schemas)", () => {
    const expected = abiJsonSchemas();
    expect(readdirSync(dir).filter((f) => f.endsWith(".json")).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, schema] of Object.entries(expected)) expect(JSON.parse(readFileSync(join(dir, name), "utf8"))).toEqual(schema);
  });
  test("every example plugin's plugin.json is valid against the manifest schema", () => {
    const root = join(import.meta.dir, "..", "plugins-wasm");
    const check = TypeCompiler.Compile(PluginManifest);
    const slugs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(slugs.length).toBeGreaterThanOrEqual(4);
    for (const slug of slugs) {
      const text = readFileSync(join(root, slug, "plugin.json"), "utf8");
      expect([...check.Errors(JSON.parse(text))].map((e) => `${slug}${e.path}: ${e.message}`)).toEqual([]);
      expect(parseManifest(text, slug)).toMatchObject({ ok: true });
    }
  });
});

describe("manifest checks beyond the schema", () => {
  const base = { abi: 1, slug: "x", name: "X", version: "1.0.0", kinds: { action: { actions: ["a"] } } };
  const parse = (m: unknown) => parseManifest(JSON.stringify(m), "x");
  test("accepts a minimal manifest", () => expect(parse(base).ok).toBe(true));
  test.each([
    [{ ...base, abi: 2 }, "abi 2"],
    [{ ...base, slug: "Bad Slug" }, "/slug"],
    [{ ...base, kinds: {} }, "/kinds"],
    [{ ...base, kinds: { barcode: { patterns: ["(unclosed"] } } }, "not a valid regular expression"],
    [{ ...base, settings: { MODE: { type: "choice" } } }, "choice without choices"],
    [{ ...base, settings: { N: { type: "integer", default: "ten" } } }, "does not fit its type"],
    [{ ...base, permissions: ["bv_format_disk"] }, "/permissions"],
    [{ ...base, min_server_version: "99.0.0" }, "needs server 99.0.0"],
    [{ ...base, unknown_field: 1 }, "manifest schema"],
  ])("refuses %j", (m, message) => {
    const r = parse(m);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});
