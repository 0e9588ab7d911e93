/**
 * The LaTeX renderer: a complete `article` that compiles with pdflatex (Latin/Greek/Cyrillic via
 * inputenc/fontenc) or, for any Unicode including CJK, with lualatex/xelatex (fontspec; load a
 * CJK-capable font there). geometry sets the page, fancyhdr the header/footer bands (`{pages}` via
 * lastpage), longtable the tables with the header repeated by `\endhead`.
 *
 * What a single .tex file cannot carry: images (no file next to it) become a framed placeholder with
 * their caption; barcodes are drawn by the `qrcode` package when QR, and for DataMatrix, Code 128,
 * EAN-13 and UPC-A — which no common package draws — printed as their symbology and data in a frame.
 * Every string is escaped (escapeLatex), so user text is printed, never executed.
 */
import type { Block, ReportDocument } from "../../../../plugin-sdk/schema/report.ts";
import { BAND_SLOTS, type Band, bandParts, isoDate } from "./bands.ts";
import { type TableBlock, columnAlign, columnFractions, tableFormatters } from "./cells.ts";
import { escapeLatex, escapeLatexQr } from "./escape.ts";
import { pageSetup } from "./page-size.ts";

const ALIGN_CMD = { left: "\\raggedright", center: "\\centering", right: "\\raggedleft" };
const ALIGN_ENV = { left: "flushleft", center: "center", right: "flushright" };
const HEADING_CMD = ["\\section*", "\\subsection*", "\\subsubsection*"];

function bandTex(band: Band | undefined, date: string, title: string, where: "head" | "foot"): string[] {
  if (!band) return [];
  const letters = { left: "L", center: "C", right: "R" };
  return BAND_SLOTS.filter((s) => band[s]).map((s) => {
    const body = bandParts((band[s] ?? "").replace(/\s*\r?\n\s*/g, " "))
      .map((p) => ("literal" in p ? escapeLatex(p.literal) : p.field === "page" ? "\\thepage{}" : p.field === "pages" ? "\\pageref*{LastPage}" : escapeLatex(p.field === "date" ? date : title)))
      .join("");
    return `\\fancy${where}[${letters[s]}]{\\footnotesize ${body}}`;
  });
}

function tableTex(table: TableBlock): string {
  const formatters = tableFormatters(table, true);
  const n = table.columns.length;
  const spec = columnFractions(table.columns)
    .map((f, i) => `>{${ALIGN_CMD[columnAlign(table.columns[i])]}\\arraybackslash}p{\\dimexpr ${f.toFixed(4)}\\linewidth-2\\tabcolsep\\relax}`)
    .join("");
  const row = (cells: string[]) => `${cells.join(" & ")} \\\\`;
  const head = row(table.columns.map((c) => `\\textbf{${escapeLatex(c.title)}}`));
  const out: string[] = [];
  out.push(table.zebra ? "\\begingroup\\rowcolors{2}{gray!12}{white}" : "\\begingroup");
  out.push(`\\begin{longtable}{${spec}}`);
  if (table.caption) out.push(`\\multicolumn{${n}}{@{}l}{\\textbf{${escapeLatex(table.caption)}}} \\\\[2pt]`);
  out.push("\\hline", head, "\\hline", "\\endfirsthead");
  if (table.repeat_header !== false) out.push("\\hline", head, "\\hline");
  out.push("\\endhead");
  for (const r of table.rows) out.push(row(table.columns.map((c, i) => escapeLatex(formatters[i](r[c.key])))));
  if (table.totals) {
    const totals = table.totals;
    out.push("\\hline", row(table.columns.map((c, i) => {
      const text = escapeLatex(formatters[i](totals[c.key]));
      return text ? `\\textbf{${text}}` : "";
    })));
  }
  out.push("\\hline", "\\end{longtable}", "\\endgroup");
  return out.join("\n");
}

function barcodeTex(symbology: string, data: string, sizeMm: number): string {
  if (symbology === "qrcode") return `\\qrcode[height=${sizeMm.toFixed(1)}mm]{${escapeLatexQr(data)}}`;
  // No standard package draws these; the data stays readable and scannable by hand.
  return `\\fbox{\\ttfamily\\small ${escapeLatex(symbology)}: ${escapeLatex(data)}}`;
}

function blockTex(block: Block): string {
  switch (block.type) {
    case "heading":
      return `${HEADING_CMD[(block.level ?? 1) - 1]}{${escapeLatex(block.text)}}`;
    case "paragraph": {
      let text = escapeLatex(block.text);
      if (block.bold) text = `\\textbf{${text}}`;
      if (block.italic) text = `\\textit{${text}}`;
      if (block.size) text = `{\\fontsize{${block.size}}{${(block.size * 1.2).toFixed(1)}}\\selectfont ${text}\\par}`;
      return block.align && block.align !== "left" ? `\\begin{${ALIGN_ENV[block.align]}}\n${text}\n\\end{${ALIGN_ENV[block.align]}}` : `\\noindent ${text}\\par`;
    }
    case "keyvalue":
      return [
        "\\begin{longtable}{@{}>{\\bfseries\\raggedright\\arraybackslash}p{0.3\\linewidth}>{\\raggedright\\arraybackslash}p{0.65\\linewidth}@{}}",
        ...block.items.map((it) => `${escapeLatex(it.key)} & ${escapeLatex(it.value == null ? "" : typeof it.value === "boolean" ? (it.value ? "Yes" : "No") : String(it.value))} \\\\`),
        "\\end{longtable}",
      ].join("\n");
    case "table":
      return tableTex(block);
    case "image":
      // A .tex file cannot carry the image bytes; a placeholder keeps the layout and caption.
      return `\\begin{flushleft}\\fbox{\\parbox{${block.width_mm ?? 60}mm}{\\centering\\itshape [${escapeLatex(block.mime)} image]}}${block.caption ? `\\\\\n{\\small\\itshape ${escapeLatex(block.caption)}}` : ""}\\end{flushleft}`;
    case "barcode": {
      const env = ALIGN_ENV[block.align ?? "left"];
      const size = block.width_mm ?? 25;
      return `\\begin{${env}}${barcodeTex(block.symbology, block.data, size)}${block.caption ? `\\\\\n{\\small\\itshape ${escapeLatex(block.caption)}}` : ""}\\end{${env}}`;
    }
    case "labels": {
      const { width_mm: w, height_mm: h, gap_mm: gap = 0 } = block.label;
      const labels = block.items.map((item) => {
        const code = item.barcode ? `${barcodeTex(item.barcode.symbology, item.barcode.data, Math.min(h - 4, w / 2))}\\hspace{1mm}` : "";
        const lines = item.lines.map((l, i) => (i === 0 ? `\\textbf{${escapeLatex(l)}}` : escapeLatex(l))).join("\\\\");
        return `\\fbox{\\begin{minipage}[c][${(h - 2).toFixed(1)}mm][c]{${(w - 2).toFixed(1)}mm}${code}\\begin{minipage}{${(item.barcode ? w / 2 - 4 : w - 4).toFixed(1)}mm}\\footnotesize ${lines}\\end{minipage}\\end{minipage}}`;
      });
      return `\\clearpage\n\\noindent ${labels.join(`\\hspace{${gap}mm}\\allowbreak\n`)}\n\\clearpage`;
    }
    case "spacer":
      return `\\vspace*{${block.height_mm}mm}`;
    case "page_break":
      return "\\clearpage";
  }
}

/** Renders a report document as LaTeX source. */
export function renderLatex(report: ReportDocument, now: Date): string {
  const { widthMm, heightMm, marginMm } = pageSetup(report);
  const date = isoDate(now);
  const head = bandTex(report.header, date, report.title, "head");
  const foot = bandTex(report.footer, date, report.title, "foot");
  return `% Generated by Binventory. Compile with pdflatex, or with lualatex/xelatex for full Unicode (CJK).
\\documentclass[10pt]{article}
\\usepackage{iftex}
\\ifPDFTeX
  \\usepackage[utf8]{inputenc}
  \\usepackage[T1]{fontenc}
  \\usepackage{lmodern}
\\else
  \\usepackage{fontspec}
\\fi
\\usepackage[paperwidth=${widthMm}mm,paperheight=${heightMm}mm,margin=${marginMm}mm,headheight=14pt,headsep=4mm,footskip=8mm]{geometry}
\\usepackage{array}
\\usepackage{longtable}
\\usepackage[table]{xcolor}
\\usepackage{fancyhdr}
\\usepackage{lastpage}
\\usepackage{qrcode}
\\usepackage{hyperref}
\\hypersetup{pdftitle={${escapeLatex(report.title)}}}
\\pagestyle{fancy}
\\fancyhf{}
\\renewcommand{\\headrulewidth}{0pt}
${[...head, ...foot].join("\n")}
\\setlength{\\parindent}{0pt}
\\setlength{\\LTleft}{0pt}
\\setlength{\\LTright}{0pt}
\\begin{document}
${report.blocks.map(blockTex).join("\n\n")}
\\end{document}
`;
}
