#!/usr/bin/env bun
/** Writes plugin-sdk/json-schema/{models,contexts}/ and ABI.md's model tables (server/plugin-bridge/model-docs.ts). */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ABI_MODELS_BEGIN, ABI_MODELS_END, abiModelDocs } from "../server/plugin-bridge/model-docs.ts";

const sdk = join(import.meta.dir, "..", "plugin-sdk");
const { schemas, markdown } = abiModelDocs();
for (const [file, schema] of Object.entries(schemas)) {
  const path = join(sdk, "json-schema", file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(schema, null, 2)}\n`);
}
const abiPath = join(sdk, "ABI.md");
const abi = readFileSync(abiPath, "utf8");
const start = abi.indexOf(ABI_MODELS_BEGIN);
const end = abi.indexOf(ABI_MODELS_END);
if (start < 0 || end < start) throw new Error(`ABI.md has no ${ABI_MODELS_BEGIN} … ${ABI_MODELS_END} section`);
writeFileSync(abiPath, abi.slice(0, start) + markdown + abi.slice(end + ABI_MODELS_END.length));
console.log(`wrote ${Object.keys(schemas).length} schemas and ABI.md's model tables`);
