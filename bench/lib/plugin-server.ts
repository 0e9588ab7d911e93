import { join } from "node:path";
import { startBinventory } from "./binventory-server.ts";
import { makePluginsDir } from "./plugins-dir.ts";
import type { BenchContext } from "./types.ts";

/** The real server with the echo example and the burn fixture loaded (worker isolation, the default). */
export function startWithPlugins(ctx: BenchContext, name: string) {
  const dir = join(ctx.tmpDir, `${name}-plugins`);
  makePluginsDir(ctx.root, dir, { examples: ["echo"], fixtures: ["burn"] });
  return startBinventory(ctx, name, { BINVENTORY_PLUGINS_DIR: dir });
}

/** The request whose latency is compared with plugins idle and busy. */
export const otherRequest = (auth: string, pk: number) => ({ path: `/api/stock/${pk}/`, headers: { authorization: auth } });
