/**
 * The placeholders InvenTree serves as `/static/img/blank_image.png` and
 * `/static/img/blank_image.thumbnail.png` (the app shows them for parts and companies without an
 * image). Drawn here: a light grey square with a darker frame, encoded as PNG by hand.
 */
import { crc32, deflateSync } from "node:zlib";

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.byteLength);
  out.writeUInt32BE(data.byteLength, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.byteLength)) >>> 0, 8 + data.byteLength);
  return out;
}

/** A `size` × `size` greyscale PNG: a 1/16 frame of grey 0xC8 around a field of 0xEE. */
function blankPng(size: number): Uint8Array {
  const frame = Math.max(1, Math.round(size / 16));
  const raw = Buffer.alloc((size + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const edge = x < frame || y < frame || x >= size - frame || y >= size - frame;
      raw[y * (size + 1) + 1 + x] = edge ? 0xc8 : 0xee;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array(0))]);
}

let cache: { image: Uint8Array; thumbnail: Uint8Array } | null = null;

/** The two placeholders, drawn once. */
export function blankImages(): { image: Uint8Array; thumbnail: Uint8Array } {
  cache ??= { image: blankPng(256), thumbnail: blankPng(128) };
  return cache;
}
