/**
 * Fonts embedded in PDFs. pdfkit's standard 14 fonts are AFM files it loads by a dynamic path the
 * bundler does not follow, and they only cover Latin-1; so the PDF renderer embeds TrueType fonts:
 * DejaVu Sans (Latin, Greek, Cyrillic, symbols) and, for CJK text, Noto Sans JP. The imports with
 * `type: "file"` make `bun build --compile` carry the files inside the binary.
 */
import { readFileSync } from "node:fs";
import dejavuBoldPath from "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf" with { type: "file" };
import dejavuBoldObliquePath from "dejavu-fonts-ttf/ttf/DejaVuSans-BoldOblique.ttf" with { type: "file" };
import dejavuObliquePath from "dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf" with { type: "file" };
import dejavuPath from "dejavu-fonts-ttf/ttf/DejaVuSans.ttf" with { type: "file" };
import notoJpPath from "@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf" with { type: "file" };

export type FontStyle = "regular" | "bold" | "italic" | "boldItalic" | "cjk";

const PATHS: Record<FontStyle, string> = {
  regular: dejavuPath,
  bold: dejavuBoldPath,
  italic: dejavuObliquePath,
  boldItalic: dejavuBoldObliquePath,
  cjk: notoJpPath,
};

const loaded = new Map<FontStyle, Buffer>();

/** The TrueType bytes of a style, read once per process (Noto Sans JP is 5 MB, so only when used). */
export function fontBytes(style: FontStyle): Buffer {
  let bytes = loaded.get(style);
  if (!bytes) {
    bytes = readFileSync(PATHS[style]);
    loaded.set(style, bytes);
  }
  return bytes;
}

/**
 * Han, kana, CJK punctuation, fullwidth forms and the supplementary ideograph planes: characters
 * DejaVu Sans lacks and Noto Sans JP has. (Hangul is covered by neither; it prints as boxes.)
 */
const CJK = /[\u2e80-\u2fdf\u3000-\u30ff\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]|[\ud840-\ud87f][\udc00-\udfff]/;

/** Whether `text` needs the CJK font (which also covers Latin, so the whole string uses it). */
export function needsCjk(text: string): boolean {
  return CJK.test(text);
}
