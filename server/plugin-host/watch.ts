import { existsSync, type FSWatcher, watch } from "node:fs";
import type { Logger } from "../core/log.ts";

/** The files whose change means a plugin's new version (its folder appearing or going counts too). */
const PLUGIN_FILES = new Set(["plugin.json", "plugin.wasm"]);

/**
 * Dev mode (BINVENTORY_PLUGINS_WATCH=1): watches the plugins directory and calls `reload(slug)`
 * once a plugin's plugin.json or plugin.wasm has stopped changing for `debounceMs` (a build
 * writes the file in several steps; an editor saves by rename). Answers a function that stops it.
 */
export function watchPluginsDir(dir: string, reload: (slug: string) => Promise<unknown>, log: Logger, debounceMs = 300): () => void {
  if (!existsSync(dir)) {
    log.error("BINVENTORY_PLUGINS_WATCH: the plugins directory does not exist; nothing is watched", { dir });
    return () => {};
  }
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let watcher: FSWatcher | null = watch(dir, { recursive: true }, (_event, filename) => {
    if (!filename) return;
    const parts = String(filename).split(/[\\/]/);
    const slug = parts[0];
    if (!slug || slug.startsWith(".")) return;
    // The folder itself (created, removed, renamed) or one of its two files.
    if (parts.length > 2 || (parts.length === 2 && !PLUGIN_FILES.has(parts[1]))) return;
    clearTimeout(timers.get(slug));
    timers.set(
      slug,
      setTimeout(() => {
        timers.delete(slug);
        log.info("plugin files changed: reloading", { plugin: slug });
        reload(slug).catch((e) => log.error("plugin reload failed", { plugin: slug, error: String(e) }));
      }, debounceMs),
    );
  });
  watcher.on("error", (e) => log.error("plugins directory watch failed", { dir, error: String(e) }));
  log.info("watching the plugins directory (BINVENTORY_PLUGINS_WATCH)", { dir });
  return () => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    watcher?.close();
    watcher = null;
  };
}
