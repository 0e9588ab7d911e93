/** InvenTree's format_matched_response: what a scan answers about the object it found. */
import type { Reads } from "../../db/database.ts";
import { barcodeModelInfo, type BarcodeModel } from "./barcode-models.ts";

export interface MatchPayload {
  pk: number;
  api_url: string;
  web_url: string;
  /** The object as its detail route shows it. */
  instance?: unknown;
}

/** `{pk, api_url, web_url, instance}` for an object a barcode matched. */
export async function matchPayload(db: Reads, model: BarcodeModel, pk: number): Promise<MatchPayload> {
  const info = barcodeModelInfo()[model];
  const out: MatchPayload = { pk, api_url: `${info.apiBase}${pk}/`, web_url: `${info.webBase}${pk}` };
  // InvenTree leaves `instance` out when serializing fails; so do we.
  try {
    out.instance = await info.detail(db, pk);
  } catch {}
  return out;
}
