/** Reading PDFs back in tests with poppler-utils (pdftotext, pdfinfo, pdfimages; installed by .ci/run). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function run(cmd: string[], pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "binventory-pdf-"));
  try {
    const path = join(dir, "in.pdf");
    writeFileSync(path, pdf);
    const p = Bun.spawnSync([...cmd, path, ...(cmd[0] === "pdftotext" ? ["-"] : [])], { stdout: "pipe", stderr: "pipe" });
    if (p.exitCode !== 0) throw new Error(`${cmd[0]} failed: ${p.stderr.toString()}`);
    return p.stdout.toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of each page, in reading order (`-layout` keeps a table row on one line). */
export function pdfPages(pdf: Uint8Array): string[] {
  const pages = run(["pdftotext", "-layout", "-enc", "UTF-8"], pdf).split("\f");
  if (pages.at(-1)?.trim() === "") pages.pop();
  return pages;
}

/** pdfinfo's fields (Pages, Page size, Title…). */
export function pdfInfo(pdf: Uint8Array): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of run(["pdfinfo"], pdf).split("\n")) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) info[m[1]] = m[2];
  }
  return info;
}

/** How many images the PDF draws (pdfimages -list rows of type "image"; alpha masks not counted). */
export function pdfImageCount(pdf: Uint8Array): number {
  return run(["pdfimages", "-list"], pdf)
    .split("\n")
    .slice(2)
    .filter((l) => l.trim().split(/\s+/)[2] === "image").length;
}
