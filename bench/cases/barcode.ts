/**
 * POST /api/barcode/: a native JSON barcode (answered before any plugin), and a barcode only the
 * last of 8 active WASM barcode plugins recognises (the 7 before it have no patterns, so all 8 run).
 */
import { join } from "node:path";
import { makeBarcodePluginsDir, MATCHED_BARCODE } from "../lib/barcode-plugins.ts";
import { startBinventory } from "../lib/binventory-server.ts";
import type { BenchSuite } from "../lib/types.ts";

const suite: BenchSuite = {
  name: "barcode",
  order: 210,
  async start(ctx) {
    const dir = join(ctx.tmpDir, "barcode-plugins");
    makeBarcodePluginsDir(ctx.root, dir, { excludeMisses: false });
    const server = await startBinventory(ctx, "barcode", { BINVENTORY_PLUGINS_DIR: dir });
    const headers = { authorization: server.auth, "content-type": "application/json" };
    const post = (barcode: string) => ({ method: "POST" as const, path: "/api/barcode/", headers, body: JSON.stringify({ barcode }) });
    return {
      url: server.url,
      cases: [
        { name: "barcode-native-json", label: "POST /api/barcode/ native JSON", request: post(JSON.stringify({ stockitem: server.stockPk })) },
        { name: "barcode-wasm-8", label: "POST /api/barcode/ 8 WASM plugins, last matches", request: post(MATCHED_BARCODE) },
      ],
      stop: server.stop,
    };
  },
};
export default suite;
