/** POST /api/action/ through a WASM plugin (WAT echo) in a worker thread: compare with the Elysia POST case. */
import { startWithPlugins } from "../lib/plugin-server.ts";
import type { BenchSuite } from "../lib/types.ts";

const suite: BenchSuite = {
  name: "plugins-action",
  order: 200,
  async start(ctx) {
    const server = await startWithPlugins(ctx, "plugins-action");
    const headers = { authorization: server.auth, "content-type": "application/json" };
    return {
      url: server.url,
      cases: [{ name: "action-echo", label: "POST /api/action/ (WAT echo)", request: { method: "POST", path: "/api/action/", headers, body: JSON.stringify({ action: "echo", data: { item: 12, quantity: 3 } }) } }],
      stop: server.stop,
    };
  },
};
export default suite;
