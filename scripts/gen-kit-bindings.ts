#!/usr/bin/env bun
/** Writes the kits' typed bindings (plugin-sdk/cli/bindings.ts) from plugin-sdk/json-schema (npm run abi:bindings). */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kitBindings } from "../plugin-sdk/cli/bindings.ts";

const sdk = join(import.meta.dir, "..", "plugin-sdk");
const schemas = Object.fromEntries(
  readdirSync(join(sdk, "json-schema"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => [f, JSON.parse(readFileSync(join(sdk, "json-schema", f), "utf8"))]),
);
for (const [file, text] of Object.entries(kitBindings(schemas))) {
  writeFileSync(join(sdk, "kits", file), text);
  console.log(`wrote plugin-sdk/kits/${file}`);
}
