/**
 * ABI.md's tables of what a plugin reads — bv_get / bv_search models (route, filters, fields) and
 * report_build's context per report model — and their JSON Schemas in plugin-sdk/json-schema/
 * are generated from the code that serves them (npm run abi:models) and must be current; and the
 * schemas must be true: every model's object and every report context, read on the demo data,
 * validates against its published schema.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { MODELS } from "../plugin-sdk/schema/index.ts";
import { createLogger } from "../server/core/log.ts";
import { createHostServices } from "../server/plugin-bridge/host-services.ts";
import { abiModelDocs } from "../server/plugin-bridge/model-docs.ts";
import { REPORT_MODELS } from "../server/modules/model-registry/service.ts";
import { gatherContext } from "../server/modules/report/context.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";

const SDK = join(import.meta.dir, "..", "plugin-sdk");
const { schemas, markdown } = abiModelDocs();
const published = (file: string) => JSON.parse(readFileSync(join(SDK, "json-schema", file), "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
// Elysia marks integer-valued string forms with format "integer".
ajv.addFormat("integer", /^-?\d+$/);

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe("ABI.md's model tables and their JSON Schemas", () => {
  test("ABI.md carries the generated tables as they are now (npm run abi:models)", () => {
    expect(readFileSync(join(SDK, "ABI.md"), "utf8")).toContain(markdown);
  });

  for (const file of Object.keys(schemas)) {
    test(`plugin-sdk/json-schema/${file} is up to date`, () => {
      expect(published(file)).toEqual(schemas[file]);
    });
  }

  test("every bv_get model: the demo data's first object validates against its published schema", async () => {
    const host = createHostServices({ database: t.services.database, log: createLogger("silent") });
    const meta = { slug: "docs", user: { pk: t.users.superuser, username: "root", role: "superuser" as const } };
    for (const model of MODELS) {
      const page = (await host.search({ model, limit: 1 }, meta)) as { results: { pk: number }[] };
      expect(page.results.length).toBe(1);
      const object = JSON.parse(JSON.stringify(await host.get({ model, pk: page.results[0].pk }, meta)));
      const validate = ajv.compile(published(`models/${model}.schema.json`));
      expect({ model, valid: validate(object), errors: validate.errors ?? null }).toEqual({ model, valid: true, errors: null });
    }
  });

  test("every report model: the context a plugin receives validates against its published schema", async () => {
    for (const model of REPORT_MODELS) {
      const first = (await t.call("GET", `${{ part: "/api/part/", stockitem: "/api/stock/", stocklocation: "/api/stock/location/", purchaseorder: "/api/order/po/", salesorder: "/api/order/so/", salesordershipment: "/api/order/so/shipment/" }[model]}?limit=1`)).body;
      const pk = first.results[0].pk as number;
      const context = JSON.parse(JSON.stringify(await gatherContext(t.services.database, model, pk, { user: { id: 1, username: "root", role: "superuser" } as never })));
      const validate = ajv.compile(published(`contexts/${model}.schema.json`));
      expect({ model, valid: validate(context), errors: validate.errors ?? null }).toEqual({ model, valid: true, errors: null });
    }
  });
});
