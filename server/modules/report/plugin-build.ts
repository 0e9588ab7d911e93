/**
 * Plugin reports: `report_build` is called once per object with that object's context. The answer
 * is a document (rendered by the server; several objects' documents are joined with page breaks),
 * extra context for the built-in report of the same key (InvenTree's add_report_context), or a
 * finished file returned as is (then only one object may be printed at a time).
 */
import type { ReportBuildOutput, ReportDocument, ReportFormat } from "../../../plugin-sdk/schema/report.ts";
import type { AppContext } from "../../core/context.ts";
import { ApiError, fieldError } from "../../core/errors.ts";
import { PluginCallError } from "../../core/plugin-errors.ts";
import type { AuthUser } from "../../core/auth.ts";
import { findBuiltin } from "./builtin/index.ts";
import type { BuildOptions } from "./builtin/types.ts";
import { joinSections } from "./builtin/common.ts";
import { gatherContext, type ReportModel } from "./context.ts";

export type PluginBuildResult = { document: ReportDocument } | { file: { contentType: string; filename: string; bytes: Uint8Array } };

export interface PluginReportCall {
  slug: string;
  report: string;
  model: ReportModel;
  format: ReportFormat;
  user: AuthUser;
  requestId?: string;
  opts: BuildOptions;
}

/** A failing plugin is the caller's 400, with the plugin's message. */
function pluginFailure(e: PluginCallError): ApiError {
  return new ApiError(400, { detail: `Report plugin ${e.slug} failed: ${e.detail}`, plugin: e.slug, failure: e.failure });
}

/** Builds a plugin report for existing `pks`. */
export async function buildPluginReport(ctx: AppContext, pks: number[], call: PluginReportCall): Promise<PluginBuildResult> {
  const caller = { pk: call.user.id, username: call.user.username, role: call.user.role };
  const answers: ReportBuildOutput[] = [];
  for (const pk of pks) {
    const context = await gatherContext(ctx.database, call.model, pk, call.opts);
    try {
      const input = { report: call.report, format: call.format, context, user: caller };
      answers.push(await ctx.plugins.call(call.slug, "report_build", input, { user: caller, requestId: call.requestId }));
    } catch (e) {
      if (e instanceof PluginCallError) throw pluginFailure(e);
      throw e;
    }
  }
  const files = answers.flatMap((a) => ("file" in a ? [a.file] : []));
  if (files.length) {
    if (answers.length > 1) throw fieldError("items", `Report ${call.slug}:${call.report} answers with a finished file; print one item at a time.`);
    const f = files[0];
    return { file: { contentType: f.content_type, filename: f.filename, bytes: new Uint8Array(Buffer.from(f.data_base64, "base64")) } };
  }
  const docs = answers.flatMap((a) => ("document" in a ? [a.document] : []));
  if (docs.length === answers.length) {
    return { document: { ...docs[0], title: docs.length === 1 ? docs[0].title : docs[0].title, blocks: joinSections(docs.map((d) => d.blocks)) } };
  }
  const builtin = findBuiltin(call.report);
  if (!builtin || builtin.model !== call.model || builtin.kind !== "report") {
    throw new ApiError(400, { detail: `Report plugin ${call.slug} answered with context, but there is no built-in report "${call.report}" for ${call.model} to add it to.`, plugin: call.slug });
  }
  if (docs.length) throw new ApiError(400, { detail: `Report plugin ${call.slug} answered with documents for some items and context for others.`, plugin: call.slug });
  const extraContext = new Map(pks.map((pk, i) => [pk, (answers[i] as { context: Record<string, unknown> }).context]));
  return { document: await builtin.build(ctx, pks, { ...call.opts, extraContext }) };
}
