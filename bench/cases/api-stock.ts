/** Binventory's stock API on a database of ≥ 10,000 stock items, with token authentication. */
import { startBinventory } from "../lib/binventory-server.ts";
import type { BenchSuite } from "../lib/types.ts";

const suite: BenchSuite = {
  name: "api-stock",
  order: 100,
  async start(ctx) {
    const server = await startBinventory(ctx, "api-stock");
    const headers = { authorization: server.auth };
    return {
      url: server.url,
      cases: [
        { name: "api-stock-list", label: "GET /api/stock/?limit=25", request: { path: "/api/stock/?limit=25", headers } },
        { name: "api-stock-detail", label: "GET /api/stock/<pk>/", request: { path: `/api/stock/${server.stockPk}/`, headers } },
      ],
      stop: server.stop,
    };
  },
};
export default suite;
