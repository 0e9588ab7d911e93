/** Small helpers the scan-driven order endpoints share: InvenTree answers errors with the whole scan body. */
import { ApiError } from "../../core/errors.ts";

export type ScanBody = Record<string, unknown>;

/** InvenTree raises `ValidationError(response)`: a 400 whose body is the scan response with `error`. */
export function scanError(body: ScanBody, error: string): ApiError {
  return new ApiError(400, { ...body, error });
}

/**
 * The first message in a DRF-shaped error body (`{items: [{quantity: ["…"]}]}` → "…"), as InvenTree
 * puts a service's ValidationError message into the scan response's `error`.
 */
export function firstMessage(body: unknown): string | null {
  if (typeof body === "string") return body;
  if (Array.isArray(body)) {
    for (const v of body) {
      const m = firstMessage(v);
      if (m) return m;
    }
    return null;
  }
  if (typeof body === "object" && body !== null) {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === "string") return record.detail;
    for (const v of Object.values(record)) {
      const m = firstMessage(v);
      if (m) return m;
    }
  }
  return null;
}
