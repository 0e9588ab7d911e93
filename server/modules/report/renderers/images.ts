/** Image blocks' bytes: base64 decoded and checked against the declared type, shared by PDF and HTML. */
import type { Block } from "../../../../plugin-sdk/schema/report.ts";
import { badRequest } from "../../../core/errors.ts";
import { pngSize } from "./barcodes.ts";

type ImageBlock = Extract<Block, { type: "image" }>;

/** Pixel size of a JPEG from its start-of-frame marker, or undefined when there is none. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1];
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (bytes[i + 5] << 8) | bytes[i + 6], width: (bytes[i + 7] << 8) | bytes[i + 8] };
    }
    i += 2 + length;
  }
  return undefined;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Decodes an image block's base64 and checks it is the PNG or JPEG its `mime` says, returning
 * the bytes and pixel size; a 400 naming the block otherwise.
 */
export function decodeImage(where: string, block: ImageBlock): { bytes: Uint8Array; width: number; height: number } {
  const clean = block.data_base64.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw badRequest(`${where}: data_base64 is not valid base64.`);
  const bytes = new Uint8Array(Buffer.from(clean, "base64"));
  const size = block.mime === "image/png" ? (bytes.length > 24 && PNG_MAGIC.every((b, i) => bytes[i] === b) ? pngSize(bytes) : undefined) : bytes[0] === 0xff && bytes[1] === 0xd8 ? jpegSize(bytes) : undefined;
  if (!size || size.width === 0 || size.height === 0) throw badRequest(`${where}: data_base64 is not a ${block.mime === "image/png" ? "PNG" : "JPEG"} image.`);
  return { bytes, ...size };
}

