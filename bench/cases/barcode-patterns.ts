/**
 * POST /api/barcode/ with the same 8 WASM barcode plugins as the barcode suite, but the 7 that
 * never match carry patterns the data does not match: the registry calls only the last one.
 */
import { join } from "node:path";
import { makeBarcodePluginsDir, MATCHED_BARCODE } from "../lib/barcode-plugins.ts";
import { startBinventory } from "../lib/binventory-server.ts";
import type { BenchSuite } from "../lib/types.ts";

const suite: BenchSuite = {
  name: "barcode-patterns",
  order: 211,
  async start(ctx) {
    const dir = join(ctx.tmpDir, "barcode-patterns-plugins");
    makeBarcodePluginsDir(ctx.root, dir, { excludeMisses: true });
    const server = await startBinventory(ctx, "barcode-patterns", { BINVENTORY_PLUGINS_DIR: dir });
    const headers = { authorization: server.auth, "content-type": "application/json" };
    return {
      url: server.url,
      cases: [{ name: "barcode-wasm-8-patterns", label: "POST /api/barcode/ 8 WASM plugins, patterns exclude 7", request: { method: "POST", path: "/api/barcode/", headers, body: JSON.stringify({ barcode: MATCHED_BARCODE }) } }],
      stop: server.stop,
    };
  },
};
export default suite;
