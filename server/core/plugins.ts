/**
 * The plugins as modules see them: AppContext's `plugins` (the plugin host's PluginRegistry
 * implements it, wired in bootstrap.ts). Modules list, configure and call plugins through this
 * interface and never import server/plugin-host/.
 */
import type { Static } from "@sinclair/typebox";
import type { CallUser, ExportInput, ExportName, ExportOutput, PluginManifest } from "../../plugin-sdk/schema/index.ts";
import type { CallUsage, PluginFailure, PluginLimit } from "./plugin-errors.ts";

/** Who a plugin call is made for and within which request. */
interface PluginCallMeta {
  user: Static<typeof CallUser>;
  requestId?: string;
}

/** A plugin's call statistics, as GET /api/plugins/<slug>/ shows them. */
interface PluginStatsView {
  calls: number;
  ran: { inline: number; worker: number };
  errors: number;
  failures: Partial<Record<PluginFailure, number>>;
  limits: Partial<Record<PluginLimit, number>>;
  total_micros: number;
  /** Calls that reported what they used, and their fuel and memory (the last call's as it was). */
  usage: { measured: number; total_fuel: number; max_fuel: number; max_memory_bytes: number; max_host_memory_bytes: number; last: CallUsage | null };
  last_error: { failure: PluginFailure; detail: string; at: string } | null;
}

/** A barcode plugin that failed during a scan (trap, deadline, bad output…), skipped by the chain. */
export interface BarcodeChainFailure {
  slug: string;
  failure: PluginFailure;
  detail: string;
}

/** One plugin folder, loaded or not, as modules read it. */
export interface PluginView {
  readonly slug: string;
  readonly dir: string;
  readonly manifest: PluginManifest | null;
  /** Why it could not be loaded (bad manifest, missing export, failing instantiation…). */
  readonly loadError: string | null;
  readonly active: boolean;
  readonly priority: number;
  readonly stats: PluginStatsView;
  readonly suspension: { readonly suspended: boolean; readonly suspendedUntil: number | null; readonly reason: string | null };
  /** The limits it was loaded with; null when it is not loaded. */
  readonly payload: { readonly limits: { fuel: number; memoryPages: number; maxOutputBytes: number; hostMemoryBytes: number } } | null;
}

/** The plugin host as modules use it. Calls throw PluginCallError (core/plugin-errors.ts) when a plugin fails. */
export interface Plugins {
  /** Every plugin, in call order (priority, then slug). */
  list(): readonly PluginView[];
  find(slug: string): PluginView | undefined;
  /** Loaded, active and not suspended plugins, optionally of one kind. */
  callable(kind?: keyof PluginManifest["kinds"]): PluginView[];
  setActive(slug: string, active: boolean): Promise<void>;
  setPriority(slug: string, priority: number | null): Promise<void>;
  /** Every declared setting's value: the stored one, else its default, else null (one read). */
  getSettings(slug: string): Promise<Record<string, unknown>>;
  setSetting(slug: string, key: string, value: unknown): Promise<void>;
  /** Rescans the plugins directory. */
  reload(): Promise<void>;
  /** Reads one plugin's folder again; its record (with loadError when broken), or null when there is no such plugin folder. */
  reloadPlugin(slug: string): Promise<PluginView | null>;
  /** Calls one export of one plugin; resolves to its validated output. */
  call<E extends ExportName>(slug: string, exportName: E, input: ExportInput<E>, meta: PluginCallMeta): Promise<ExportOutput<E>>;
  /** Offers a barcode to the barcode plugins in order; the first match, or null. */
  scanBarcode(barcode: string, hash: string, meta: PluginCallMeta): Promise<{ slug: string; output: ExportOutput<"barcode_scan"> } | null>;
  /** The same, with the plugins that failed on the way (for the superuser's scan answer). */
  scanBarcodeWithFailures(
    barcode: string,
    hash: string,
    meta: PluginCallMeta,
  ): Promise<{ decision: { slug: string; output: ExportOutput<"barcode_scan"> } | null; failures: BarcodeChainFailure[] }>;
}

type SettingDef = NonNullable<PluginManifest["settings"]>[string];

/** Whether a value fits a setting's declared type (and its choices and bounds). */
export function settingValueFits(def: SettingDef, value: unknown): boolean {
  switch (def.type) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return Number.isInteger(value) && (def.minimum === undefined || (value as number) >= def.minimum) && (def.maximum === undefined || (value as number) <= def.maximum);
    case "choice":
      return typeof value === "string" && (def.choices ?? []).includes(value);
  }
}
