import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { pluginsDir } from "./support/plugins.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ pluginsDir: pluginsDir({ fixtures: ["hostile"] }) });
});
afterAll(() => t.close());

const act = (action: string) => t.call("POST", "/api/action/", { action, data: {} }, "staff");
const limits = async () => (await t.call("GET", "/api/plugins/hostile/")).body.stats.limits as Record<string, number>;

/**
 * Each attack of tests/fixtures/host-plugins/hostile against the host's per-call limits: the call
 * ends within its deadline, as an error naming the plugin and the limit (or succeeds with the
 * excess cut), the limit is counted in GET /api/plugins/hostile/, and the plugin still answers.
 */
describe("per-call limits hold against a hostile plugin", () => {
  const cases: { action: string; status: number; failure?: string; detail?: RegExp; limit: string; ms: number }[] = [
    { action: "log-flood", status: 200, limit: "log_line_bytes", ms: 1000 },
    { action: "bvlog-flood", status: 200, limit: "log_lines", ms: 2000 },
    { action: "error-huge", status: 400, failure: "plugin_error", detail: /cut: 8388608 bytes, limit error_bytes is 4096/, limit: "error_bytes", ms: 1000 },
    { action: "deep-output", status: 502, failure: "limit", detail: /nests deeper than 64 levels \(limit output_depth\)/, limit: "output_depth", ms: 1000 },
    { action: "search-flood", status: 502, failure: "limit", detail: /more than 1000 host function calls in one call \(limit host_calls\)/, limit: "host_calls", ms: 3000 },
    { action: "var-huge-key", status: 502, failure: "limit", detail: /var_get with a 2097152-byte key, over the limit of 1024 \(limit kernel_key_bytes\)/, limit: "kernel_key_bytes", ms: 1000 },
    { action: "fill-loop", status: 502, failure: "budget", detail: /instruction budget of 200000000/, limit: "fuel", ms: 2000 },
  ];
  for (const c of cases) {
    test(`${c.action}: ${c.failure ?? "answered"} (limit ${c.limit}) within ${c.ms} ms, counted, and the plugin still answers`, async () => {
      t.services.plugins.find("hostile")?.suspension.reset();
      const before = (await limits())[c.limit] ?? 0;
      const started = performance.now();
      const r = await act(c.action);
      expect(performance.now() - started).toBeLessThan(c.ms);
      expect(r.status).toBe(c.status);
      if (c.failure) {
        expect(r.body.plugin).toBe("hostile");
        expect(r.body.failure).toBe(c.failure);
        expect(r.body.error).toMatch(c.detail ?? /./);
        // Never the attacker's megabytes (4 KiB of NULs is 24 KiB once JSON-escaped).
        expect(JSON.stringify(r.body).length).toBeLessThan(32_768);
      }
      expect((await limits())[c.limit]).toBe(before + 1);
      if (c.action.includes("log")) expect((await limits()).log_lines).toBeGreaterThanOrEqual(c.action === "bvlog-flood" ? 2 : 1);
      expect((await act("ok")).body.result).toBe("ok");
    });
  }
});
