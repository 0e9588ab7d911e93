#!/usr/bin/env bun
/** Writes plugin-sdk/json-schema/*.json from the ABI's TypeBox source (npm run abi:schemas). */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { abiJsonSchemas } from "../plugin-sdk/schema/json-schemas.ts";

const dir = join(import.meta.dir, "..", "plugin-sdk", "json-schema");
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) if (f.endsWith(".json")) rmSync(join(dir, f));
const schemas = abiJsonSchemas();
for (const [name, schema] of Object.entries(schemas)) writeFileSync(join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
console.log(`wrote ${Object.keys(schemas).length} schemas to ${dir}`);
