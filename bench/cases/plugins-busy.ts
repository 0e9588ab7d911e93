/**
 * Latency of ordinary requests while one plugin call after another burns ~90% of its instruction
 * budget (a spinner process keeps exactly one burning). Goal: p99 ≤ 2× the plugins-idle p99.
 */
import { join } from "node:path";
import { otherRequest, startWithPlugins } from "../lib/plugin-server.ts";
import type { BenchSuite } from "../lib/types.ts";

const suite: BenchSuite = {
  name: "plugins-busy",
  order: 211,
  async start(ctx) {
    const server = await startWithPlugins(ctx, "plugins-busy");
    const spinner = Bun.spawn([ctx.bun, join(ctx.root, "bench", "lib", "spinner.ts"), server.url, server.auth, "burn"], { stdout: "ignore", stderr: "inherit" });
    return {
      url: server.url,
      cases: [{ name: "others-plugin-spinning", label: "GET /api/stock/<pk>/, a plugin burning its budget", request: otherRequest(server.auth, server.stockPk) }],
      async stop() {
        spinner.kill("SIGTERM");
        await spinner.exited;
        await server.stop();
      },
    };
  },
};
export default suite;
