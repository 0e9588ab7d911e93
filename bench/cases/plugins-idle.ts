/** Latency of ordinary requests with plugins loaded but idle: the reference for plugins-busy. */
import { otherRequest, startWithPlugins } from "../lib/plugin-server.ts";
import type { BenchSuite } from "../lib/types.ts";

const suite: BenchSuite = {
  name: "plugins-idle",
  order: 210,
  async start(ctx) {
    const server = await startWithPlugins(ctx, "plugins-idle");
    return {
      url: server.url,
      cases: [{ name: "others-plugins-idle", label: "GET /api/stock/<pk>/, plugins idle", request: otherRequest(server.auth, server.stockPk) }],
      stop: server.stop,
    };
  },
};
export default suite;
