import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const wabt = await (await import("wabt")).default();

/** The fixture module answering `answer` to every barcode_scan. */
function answerModule(root: string, answer: string): Uint8Array {
  const source = readFileSync(join(root, "bench", "fixtures", "barcode", "answer.wat"), "utf8")
    .replace('"ANSWER"', JSON.stringify(answer))
    .replaceAll("LENGTH", String(Buffer.byteLength(answer)));
  const mod = wabt.parseWat("answer.wat", source);
  try {
    return new Uint8Array(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}

/** The data the last plugin recognises. */
export const MATCHED_BARCODE = "BENCH-0001";

/**
 * Eight active barcode plugins in priority order: seven that never match, then one whose pattern
 * and answer match MATCHED_BARCODE (stock item 1). `excludeMisses` gives the seven patterns the
 * data does not match, so the registry never calls them; otherwise they have no patterns.
 */
export function makeBarcodePluginsDir(root: string, dir: string, opts: { excludeMisses: boolean }): void {
  const miss = answerModule(root, '{"match":false}');
  const hit = answerModule(root, '{"match":true,"model":"stockitem","pk":1}');
  for (let i = 1; i <= 8; i++) {
    const last = i === 8;
    const slug = `bench-barcode-${i}`;
    const patterns = last ? ["^BENCH-"] : opts.excludeMisses ? [`^OTHER-${i}-`] : undefined;
    const manifest = { abi: 1, slug, name: `Bench barcode ${i}`, version: "1.0.0", kinds: { barcode: { priority: i * 10, ...(patterns ? { patterns } : {}) } } };
    mkdirSync(join(dir, slug), { recursive: true });
    writeFileSync(join(dir, slug, "plugin.json"), JSON.stringify(manifest));
    writeFileSync(join(dir, slug, "plugin.wasm"), last ? hit : miss);
  }
}
