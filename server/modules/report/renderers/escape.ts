/**
 * Escaping for each target format. Everything a user or plugin puts in a document passes through
 * one of these before it reaches an output file; renderers never concatenate raw strings.
 */

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text and attribute values for HTML (both quote kinds, so it is safe inside either). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/** A CSS string literal's body (for `content: "..."` in @page margin boxes). */
export function escapeCssString(text: string): string {
  // Hex escapes with a trailing space end unambiguously; `<` too, so `</style>` cannot close the block.
  return text.replace(/[\\"'<>&\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `);
}

const LATEX_SPECIALS: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "#": "\\#",
  "^": "\\textasciicircum{}",
  _: "\\_",
  "~": "\\textasciitilde{}",
  "%": "\\%",
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  "|": "\\textbar{}",
};

/**
 * Text for LaTeX: every special character becomes its literal command, so `\input{...}` is printed,
 * not executed. Newlines become `\newline` (valid in paragraphs and p-columns); other control
 * characters are dropped because TeX rejects them.
 */
export function escapeLatex(text: string): string {
  return text
    .replace(/[\\{}$&#^_~%<>|]/g, (c) => LATEX_SPECIALS[c])
    .replace(/\r\n?|\n/g, "\\newline{}")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

/** Data for the `qrcode` package's `\qrcode{...}`: its own escapes (`\?` is a line break there). */
export function escapeLatexQr(data: string): string {
  return data
    .replace(/[#$&^_~%\\{}]/g, (c) => `\\${c}`)
    .replace(/\r\n?|\n/g, "\\?")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

/** Characters OWASP lists as starting a spreadsheet formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled. Text
 * from a string value that a spreadsheet would read as a formula is prefixed with `'` (OWASP);
 * numbers are left alone, so `-5` stays a number.
 */
export function csvField(text: string, fromString: boolean): string {
  const guarded = fromString && FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/**
 * Inline Markdown text: backslash-escapes the punctuation that starts GFM constructs (emphasis,
 * links, code, tables, strikethrough, raw HTML, entities), so the text reads literally.
 */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~&$]/g, (c) => `\\${c}`).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

/** A Markdown paragraph: inline escapes, plus list/heading markers at a line start; newlines become hard breaks. */
export function escapeMarkdownBlock(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => escapeMarkdownInline(line).replace(/^(\s*)(\d+)([.)])/, "$1$2\\$3").replace(/^(\s*)([-=])/, "$1\\$2"))
    .join("\\\n");
}

/** A GFM table cell: inline escapes (including `|`), newlines as `<br>` since a cell is one line. */
export function escapeMarkdownCell(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map(escapeMarkdownInline)
    .join("<br>");
}
