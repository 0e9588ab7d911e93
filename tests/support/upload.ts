/** Multipart requests as the clients send them, and small images made on the fly. */
import { crc32, deflateSync } from "node:zlib";
import type { TestApp, TestResponse } from "./app.ts";

/**
 * Sends `form` as multipart/form-data (the boundary set by FormData). `headers` are sent too, as
 * the app sends its default headers (incl. `Content-Type: application/json`, which the Dart
 * MultipartRequest replaces with the multipart type: pass none to mimic that).
 */
export async function sendForm(t: TestApp, method: string, path: string, form: FormData, as: keyof TestApp["tokens"] | null = "staff", headers: Record<string, string> = {}): Promise<TestResponse> {
  const h: Record<string, string> = { ...headers };
  if (as) h.authorization = `Token ${t.tokens[as]}`;
  const res = await t.app.handle(new Request(`http://localhost${path}`, { method, headers: h, body: form }));
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, body, headers: res.headers, text };
}

/** GET returning the raw bytes (downloads). */
export async function download(t: TestApp, path: string, as: keyof TestApp["tokens"] | null = "readonly", headers: Record<string, string> = {}) {
  const h: Record<string, string> = { ...headers };
  if (as) h.authorization = `Token ${t.tokens[as]}`;
  const res = await t.app.handle(new Request(`http://localhost${path}`, { headers: h }));
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.byteLength);
  out.writeUInt32BE(data.byteLength, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.byteLength)) >>> 0, 8 + data.byteLength);
  return out;
}

/** An RGB PNG of `w` × `h` with a gradient; `claim` overrides the size written in its header. */
export function makePng(w: number, h: number, claim?: { w: number; h: number }): Uint8Array<ArrayBuffer> {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set([x % 256, y % 256, 128], y * (w * 3 + 1) + 1 + x * 3);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(claim?.w ?? w, 0);
  ihdr.writeUInt32BE(claim?.h ?? h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array(0))]);
  return new Uint8Array(png);
}

/** A JPEG of `w` × `h` (a phone camera's upload, smaller). */
export async function makeJpeg(w: number, h: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Bun.Image(makePng(w, h)).jpeg({ quality: 80 }).bytes());
}

export const fileOf = (bytes: Uint8Array<ArrayBuffer>, name: string, type = "application/octet-stream") => new File([bytes], name, { type });
