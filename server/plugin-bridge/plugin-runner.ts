/**
 * One plugin folder run as the server runs it, for `binventory plugin call` and `plugin test`:
 * its manifest parsed and its module prepared by the plugin host (prepare.ts: metering, memory
 * caps, import checks), called through the same CallRunner and host functions, answered by the
 * same host services over a database. Logs and host calls are collected for the author instead of
 * going to the server log.
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { explainSchemaErrors, formatSchemaProblems } from "../../plugin-sdk/schema/explain.ts";
import { type CallUser, EXPORTS, type ExportName } from "../../plugin-sdk/schema/index.ts";
import type { HostCallRecord, PluginRunner, RunReport } from "../../plugin-sdk/cli/run.ts";
import type { Static } from "@sinclair/typebox";
import type { Durability } from "../core/config.ts";
import type { Logger } from "../core/log.ts";
import { BlockingCaller } from "../plugin-host/blocking-call.ts";
import { CallRunner } from "../plugin-host/call-runner.ts";
import { bridgedHostApi, type HostApi } from "../plugin-host/host-api.ts";
import { parseManifest } from "../plugin-host/manifest.ts";
import { preparePlugin } from "../plugin-host/prepare.ts";
import { callSettings } from "../plugin-host/settings.ts";
import { pluginLog } from "./host-services.ts";
import { startServiceThread } from "./service-client.ts";

type User = Static<typeof CallUser>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The user an export's input names (`user`, or a barcode's `context.user`). */
function inputUser(input: unknown): User | undefined {
  if (!isRecord(input)) return undefined;
  if ("user" in input) return input.user as User;
  if (isRecord(input.context) && "user" in input.context) return input.context.user as User;
  return undefined;
}

/** The input with its user replaced by `user` (where the export's input has one). */
function withUser(exportName: string, input: unknown, user: User): unknown {
  if (!isRecord(input)) return input;
  if (exportName === "barcode_scan") return { ...input, context: { ...(isRecord(input.context) ? input.context : {}), user } };
  return { ...input, user };
}

/**
 * Loads the plugin in `dir` (its folder name is its slug, as in the server's plugins folder). Its
 * host calls are answered by a service thread on the database at `dbPath` (as in a plugin
 * process): the plugin runs on this thread, which blocks on that one during a host call.
 * `user`: whom calls are made for (--as); when null, each call is made for the user its input names.
 * `readSettings`: the plugin's stored settings, read before each call (they travel with it, as in
 * the server: plugin-host/dispatch.ts).
 */
export async function openPluginRunner(
  dir: string,
  deps: {
    dbPath: string;
    durability?: Durability;
    log: Logger;
    database: string;
    user: User | null;
    readSettings: (slug: string) => Promise<Record<string, unknown>>;
    close: () => Promise<void> | void;
  },
): Promise<PluginRunner> {
  const slug = basename(dir);
  const parsed = parseManifest(readFileSync(join(dir, "plugin.json"), "utf8"), slug);
  if (!parsed.ok) throw new Error(`${slug}: ${parsed.error}`);
  const payload = preparePlugin(slug, parsed.manifest, new Uint8Array(readFileSync(join(dir, "plugin.wasm"))));
  const service = await startServiceThread({ dbPath: deps.dbPath, durability: deps.durability, logLevel: "error" });
  const caller = new BlockingCaller(service.end);
  const services = bridgedHostApi(caller, { log: pluginLog(deps.log) });
  const stop = async () => {
    caller.close();
    await service.close();
  };
  let logs: RunReport["logs"] = [];
  let hostCalls: HostCallRecord[] = [];
  const api: HostApi = {
    ...services,
    // The plugin's log lines (log_* and bv_log) go to the report, not to a server log.
    log: (req) => void logs.push({ level: req.level, message: req.message }),
    observe: (name, request, answer) => void hostCalls.push({ name, request, answer }),
  };
  const runner = new CallRunner(api);
  const errors = await runner.load([payload]);
  if (errors[slug]) {
    await runner.close();
    await stop();
    throw new Error(`${slug}: ${errors[slug]}`);
  }
  return {
    database: deps.database,
    user: deps.user ? `${deps.user.username} (${deps.user.role}, pk ${deps.user.pk})` : null,
    async call(exportName, given) {
      logs = [];
      hostCalls = [];
      const base = { logs, hostCalls, budget: payload.limits.fuel, micros: 0 };
      if (!(exportName in EXPORTS)) {
        return { ...base, ok: false, failure: "missing_export", detail: `${exportName} is not an ABI export (${Object.keys(EXPORTS).join(", ")})` };
      }
      const name = exportName as ExportName;
      const input = deps.user ? withUser(name, given, deps.user) : given;
      const problems = explainSchemaErrors(EXPORTS[name].input, input);
      if (problems.length > 0) return { ...base, ok: false, failure: "input_schema", detail: "", inputProblems: formatSchemaProblems(problems) };
      const settings = await callSettings(deps.readSettings, slug, parsed.manifest);
      const outcome = await runner.call({ slug, export: name, input, meta: { slug, user: deps.user ?? inputUser(input) ?? null, ...(settings ? { settings } : {}) } });
      const report: RunReport = { ...base, ok: outcome.ok, micros: outcome.micros, logs, hostCalls, usage: outcome.usage, limits: outcome.limits };
      if (outcome.ok) report.output = outcome.output;
      else Object.assign(report, { failure: outcome.failure, detail: outcome.detail });
      return report;
    },
    async close() {
      await runner.close();
      await stop();
      await deps.close();
    },
  };
}
