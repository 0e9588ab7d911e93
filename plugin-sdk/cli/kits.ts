/**
 * Where the kits are: BINVENTORY_KITS_DIR when set, else plugin-sdk/kits/ beside this file (a
 * source checkout), else — in the single binary, which has no plugin-sdk/ on disk — the copy
 * compiled into it (scripts/build-binary.ts embeds every file of plugin-sdk/kits), written out once
 * per content to a folder in the temp directory.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

/** Set by scripts/build-binary.ts (Bun.build `define`): the kits' files as JSON, path → text. */
declare const BINVENTORY_EMBEDDED_KITS: string | undefined;

const SOURCE_KITS = join(import.meta.dir, "..", "kits");

/** Every file under `dir`, by path relative to it (what the binary embeds). */
export function kitFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** Writes the embedded kits to a folder named after their content (reused by later runs). */
function extractEmbedded(json: string): string {
  const root = join(tmpdir(), `binventory-kits-${createHash("sha256").update(json).digest("hex").slice(0, 16)}`);
  if (existsSync(root)) return root;
  const files = JSON.parse(json) as Record<string, string>;
  // Written beside, then renamed into place: a concurrent build never sees half the files.
  const scratch = `${root}.${process.pid}.tmp`;
  rmSync(scratch, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
  try {
    renameSync(scratch, root);
  } catch (e) {
    rmSync(scratch, { recursive: true, force: true });
    if (!existsSync(root)) throw e;
  }
  return root;
}

let resolved: string | null = null;

/** The kits folder (see above); throws when there is none, naming BINVENTORY_KITS_DIR. */
export function kitsRoot(): string {
  if (resolved) return resolved;
  const fromEnv = process.env.BINVENTORY_KITS_DIR;
  if (fromEnv) resolved = fromEnv;
  else if (existsSync(SOURCE_KITS)) resolved = SOURCE_KITS;
  else if (typeof BINVENTORY_EMBEDDED_KITS === "string") resolved = extractEmbedded(BINVENTORY_EMBEDDED_KITS);
  else throw new Error(`the plugin kits are not at ${SOURCE_KITS}: set BINVENTORY_KITS_DIR to a copy of plugin-sdk/kits`);
  return resolved;
}
