/** The framework's own cost: an Elysia GET returning JSON and a POST with a TypeBox-validated body. */
import { join } from "node:path";
import type { BenchSuite } from "../lib/types.ts";

const suite: BenchSuite = {
  name: "elysia",
  order: 10,
  async start(ctx) {
    const server = await ctx.spawnServer("Elysia", [ctx.bun, join(ctx.root, "bench", "servers", "elysia.ts")]);
    return {
      url: server.url,
      cases: [
        { name: "elysia-get-json", label: "Elysia GET JSON", request: { path: "/json" } },
        {
          name: "elysia-post-typebox",
          label: "Elysia POST TypeBox body",
          request: {
            method: "POST",
            path: "/items",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ part: 12, location: 3, quantity: 25, batch: "B2431-4", notes: "bench" }),
          },
        },
      ],
      stop: server.stop,
    };
  },
};
export default suite;
