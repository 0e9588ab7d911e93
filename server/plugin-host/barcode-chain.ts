import type { BarcodeScanOutput } from "../../plugin-sdk/schema/index.ts";
import { endsChain } from "./call-runner.ts";
import type { PluginCatalog } from "./catalog.ts";
import { type PluginDispatcher, validatedOutput } from "./dispatch.ts";
import type { CallMeta } from "./host-api.ts";
import { PATTERN_LIMITS } from "./pattern-check.ts";

/** The plugin that decided a scan, and what it answered (a match or its own error). */
export interface BarcodeDecision {
  slug: string;
  output: BarcodeScanOutput;
}

/** The barcode plugins to offer `barcode` to, in call order: active ones whose patterns match it (or that have none). */
function barcodeCandidates(catalog: PluginCatalog, barcode: string): string[] {
  return (
    catalog
      .callable("barcode")
      // Patterns were probed at load up to PATTERN_LIMITS.barcodeChars: longer barcodes never reach them.
      .filter((r) => !r.barcodePatterns || (barcode.length <= PATTERN_LIMITS.barcodeChars && r.barcodePatterns.some((p) => p.test(barcode))))
      .map((r) => r.slug)
  );
}

/**
 * The barcode chain: the candidate plugins in order (those whose patterns do not match are not
 * even called) until one matches or reports an error. Returns the deciding plugin's output, or
 * null when none matched; plugin failures are recorded and skipped. The barcode module reaches it
 * through the plugin host's `scanBarcode`.
 */
export async function scanBarcodeChain(
  plugins: { catalog: PluginCatalog; dispatcher: PluginDispatcher },
  barcode: string,
  hash: string,
  meta: Omit<CallMeta, "slug">,
): Promise<BarcodeDecision | null> {
  const slugs = barcodeCandidates(plugins.catalog, barcode);
  if (!slugs.length) return null;
  const results = await plugins.dispatcher.chain(slugs, "barcode_scan", { barcode, hash, context: { user: meta.user } }, meta);
  const last = results.at(-1);
  return last?.outcome.ok && endsChain(last.outcome.output) ? { slug: last.slug, output: validatedOutput("barcode_scan", last.outcome.output) } : null;
}
