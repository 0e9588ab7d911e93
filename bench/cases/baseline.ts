/** The baseline every ratio is taken against: bare Bun.serve answering JSON. */
import { join } from "node:path";
import type { BenchSuite } from "../lib/types.ts";

const suite: BenchSuite = {
  name: "baseline",
  order: 0,
  async start(ctx) {
    const server = await ctx.spawnServer("bare Bun.serve", [ctx.bun, join(ctx.root, "bench", "servers", "bare.ts")]);
    return {
      url: server.url,
      cases: [{ name: "bare-bun-serve-json", label: "Bun.serve JSON (baseline)", baseline: true, request: { path: "/" } }],
      stop: server.stop,
    };
  },
};
export default suite;
