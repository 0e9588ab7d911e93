import type { Block, ReportDocument, ReportFormat } from "../../../../plugin-sdk/schema/report.ts";
import type { AppContext } from "../../../core/context.ts";
import type { ReportModel } from "../context.ts";
import type { AuthUser } from "../../../core/auth.ts";

export type Symbology = "qrcode" | "datamatrix" | "code128";

/** One label's size on the sheet and the symbology of its barcode. */
export interface LabelOptions {
  width_mm: number;
  height_mm: number;
  gap_mm: number;
  symbology: Symbology;
}

export interface BuildOptions {
  user: AuthUser | null;
  now?: Date;
  /**
   * Context added by a plugin report with the same key (InvenTree's add_report_context), per
   * object pk. It adds, never replaces: keys the built-in context already has are ignored.
   */
  extraContext?: ReadonlyMap<number, Record<string, unknown>>;
  label?: LabelOptions;
}

/** A native report provider: a document for objects of one model. */
export interface BuiltinReport {
  key: string;
  name: string;
  description: string;
  model: ReportModel;
  kind: "report" | "label";
  formats: readonly ReportFormat[];
  /** Builds the document for existing `pks` (the caller has checked they exist). */
  build(ctx: AppContext, pks: number[], opts: BuildOptions): Promise<ReportDocument>;
}

