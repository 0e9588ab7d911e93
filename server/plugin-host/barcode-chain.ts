import type { BarcodeScanOutput } from "../../plugin-sdk/schema/index.ts";
import type { BarcodeChainFailure } from "../core/plugins.ts";
import { endsChain } from "./call-runner.ts";
import type { PluginCatalog } from "./catalog.ts";
import { type PluginDispatcher, validatedOutput } from "./dispatch.ts";
import type { CallerMeta } from "./host-api.ts";
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
 * even called) until one matches or reports an error. Answers the deciding plugin's output (null
 * when none matched) and the plugins that failed on the way (trap, deadline, bad output…: recorded
 * in their statistics and skipped). The barcode module reaches it through the plugin host's `scanBarcode`.
 */
export async function scanBarcodeChain(
  plugins: { catalog: PluginCatalog; dispatcher: PluginDispatcher },
  barcode: string,
  hash: string,
  meta: CallerMeta,
): Promise<{ decision: BarcodeDecision | null; failures: BarcodeChainFailure[] }> {
  const slugs = barcodeCandidates(plugins.catalog, barcode);
  if (!slugs.length) return { decision: null, failures: [] };
  const results = await plugins.dispatcher.chain(slugs, "barcode_scan", { barcode, hash, context: { user: meta.user } }, meta);
  const failures = results.flatMap(({ slug, outcome }) => (outcome.ok ? [] : [{ slug, failure: outcome.failure, detail: outcome.detail }]));
  const last = results.at(-1);
  const decision = last?.outcome.ok && endsChain(last.outcome.output) ? { slug: last.slug, output: validatedOutput("barcode_scan", last.outcome.output) } : null;
  return { decision, failures };
}
