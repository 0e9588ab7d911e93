/**
 * One barcode scan, in InvenTree's order: the native plugin's own barcodes, then third-party
 * barcodes linked to an object, then the active WASM barcode plugins (registry order, patterns
 * prefiltered). The first match answers; a plugin's error stands when nothing later matches.
 */
import type { SupplierBarcode } from "../../../plugin-sdk/schema/exports.ts";
import type { AppContext } from "../../core/context.ts";
import type { AuthUser } from "../../core/auth.ts";
import type { BarcodeChainFailure } from "../../core/plugins.ts";
import { type BarcodeModel, barcodeObjectExists, isBarcodeModel } from "./barcode-models.ts";
import { barcodeHash } from "../../core/barcode-hash.ts";
import { BUILTIN_NAME, BUILTIN_SLUG } from "./inventree-plugin.ts";
import { findLinkedBarcode } from "./linked.ts";
import { decodeNativeBarcodeDetailed } from "./native.ts";

export interface ScanOutcome {
  match: { model: BarcodeModel; pk: number } | null;
  /** What a supplier-barcode plugin decoded (SKU, MPN, quantity, …), when that decided the scan. */
  supplier: SupplierBarcode | null;
  error: string | null;
  /** Name of the deciding plugin as InvenTree reports it ("InvenTreeBarcode", a WASM plugin's manifest name); null without a decision. */
  plugin: string | null;
  /** Slug of the deciding plugin ("inventreebarcode" for the native one), for attribution. */
  slug: string | null;
  barcode_data: string;
  barcode_hash: string;
  /** Barcode plugins that failed during this scan (trap, deadline, bad output…) and were skipped. */
  failures: BarcodeChainFailure[];
}

/** Only the native plugin and linked barcodes (what `/link/` checks before linking). */
export async function scanInternal(ctx: AppContext, barcode: string): Promise<{ model: BarcodeModel; pk: number } | null> {
  const native = await decodeNativeBarcodeDetailed(ctx.database, barcode);
  if (native.match) return native.match;
  if (native.stop) return null;
  return findLinkedBarcode(ctx.database, barcodeHash(barcode));
}

/** Scans `barcode` (already stripped by the caller) through the whole chain. */
export async function scanBarcode(ctx: AppContext, barcode: string, user: AuthUser, requestId?: string): Promise<ScanOutcome> {
  const hash = barcodeHash(barcode);
  const internal = await scanInternal(ctx, barcode);
  if (internal) return { barcode_data: barcode, barcode_hash: hash, failures: [], match: internal, supplier: null, error: null, plugin: BUILTIN_NAME, slug: BUILTIN_SLUG };

  // The plugin calls take real time; what the callers write afterwards (scan history, PO receive,
  // SO allocation) goes through the async writer, so it waits for any transaction opened meanwhile.
  const chain = await ctx.plugins.scanBarcodeWithFailures(barcode, hash, { user: { pk: user.id, username: user.username, role: user.role }, requestId });
  const decided = chain.decision;
  const base = { barcode_data: barcode, barcode_hash: hash, failures: chain.failures };
  const none = { ...base, match: null, supplier: null, error: null, plugin: null, slug: null };
  if (!decided) return none;
  const by = { plugin: ctx.plugins.find(decided.slug)?.manifest?.name ?? decided.slug, slug: decided.slug };
  const out = decided.output;
  if ("error" in out) return { ...base, match: null, supplier: null, error: out.error, ...by };
  if ("supplier" in out) return { ...base, match: null, supplier: out.supplier, error: null, ...by };
  if ("model" in out) {
    // A plugin naming an object we do not have (or a model without barcodes) is a plugin error, not a match.
    if (!isBarcodeModel(out.model)) return { ...base, match: null, supplier: null, error: `Plugin returned an unsupported model: ${out.model}`, ...by };
    if (!(await barcodeObjectExists(ctx.database, out.model, out.pk))) return { ...base, match: null, supplier: null, error: `Plugin returned a ${out.model} that does not exist: ${out.pk}`, ...by };
    return { ...base, match: { model: out.model, pk: out.pk }, supplier: null, error: null, ...by };
  }
  return none;
}
