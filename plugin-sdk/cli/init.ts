import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { SLUG_PATTERN } from "../schema/manifest.ts";
import type { Language } from "./discover.ts";
import { EXPORT_OF, fixturesFor, type Kind, KINDS, SOURCE_PATH, sourceFor } from "./templates.ts";

/** `--lang` values: the build's language names, plus `as` for AssemblyScript. */
export const LANG_ALIASES: Record<string, Language> = { rust: "rust", as: "assemblyscript", assemblyscript: "assemblyscript", c: "c", wat: "wat" };

/** The AssemblyScript compiler a plugin outside the checkout installs (the version the examples are built with). */
const ASSEMBLYSCRIPT_VERSION = "0.28.20";

export interface InitOptions {
  slug: string;
  language: Language;
  kind: Kind;
  /** The folder to create: `<parent>/<slug>`. */
  dir: string;
}

const title = (slug: string) => slug.split(/[-_]/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");

function manifestFor(o: InitOptions, name: string): Record<string, unknown> {
  const kinds: Record<Kind, unknown> = {
    barcode: { patterns: [`^${o.slug}:`], priority: 100 },
    action: { actions: [`${o.slug}-run`] },
    report: { reports: [{ key: o.slug, name, model: "part", formats: ["pdf", "html", "md"] }] },
  };
  return {
    abi: 1,
    slug: o.slug,
    name,
    version: "0.1.0",
    description: `${name}: a ${o.kind} plugin.`,
    kinds: { [o.kind]: kinds[o.kind] },
    permissions: [],
    limits: { fuel: 10_000_000, memory_pages: 64, max_output_bytes: 65536 },
    build: { language: o.language, source: SOURCE_PATH[o.language] },
  };
}

function readme(o: InitOptions, name: string): string {
  return `# ${name}

A Binventory ${o.kind} plugin (\`${EXPORT_OF[o.kind]}\`), written in ${o.language}.

    binventory plugin build .     # compiles ${SOURCE_PATH[o.language]} into plugin.wasm and checks it
    binventory plugin check .     # checks plugin.json, plugin.wasm and tests/*.json without building

\`tests/*.json\` are fixture cases: an export's input and the output it must give.
Install: copy this folder (plugin.json + plugin.wasm) into the server's plugins directory
(\`BINVENTORY_PLUGINS_DIR\`), named \`${o.slug}\`.
`;
}

/** Writes a new, buildable plugin folder; returns the files written (relative), or throws with why not. */
export function initPlugin(o: InitOptions): string[] {
  if (!new RegExp(SLUG_PATTERN).test(o.slug)) throw new Error(`slug "${o.slug}" must match ${SLUG_PATTERN} (lower-case letters, digits, - and _)`);
  if (!KINDS.includes(o.kind)) throw new Error(`--kind must be one of ${KINDS.join(", ")}`);
  if (existsSync(o.dir) && readdirSync(o.dir).length > 0) throw new Error(`${o.dir} exists and is not empty`);
  const name = title(o.slug);
  const files: Record<string, string> = {
    "plugin.json": `${JSON.stringify(manifestFor(o, name), null, 2)}\n`,
    [SOURCE_PATH[o.language]]: sourceFor(o.language, o.kind, { slug: o.slug, name }),
    "README.md": readme(o, name),
    ".gitignore": "plugin.wasm\nnode_modules/\n",
  };
  for (const [file, c] of Object.entries(fixturesFor(o.language, o.kind, { slug: o.slug, name }))) files[`tests/${file}`] = `${JSON.stringify(c, null, 2)}\n`;
  if (o.language === "assemblyscript") {
    // asc from npm; the kit itself comes with binventory (package "binventory" on asc's path).
    files["package.json"] = `${JSON.stringify({ name: o.slug, private: true, devDependencies: { assemblyscript: ASSEMBLYSCRIPT_VERSION } }, null, 2)}\n`;
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(o.dir, file)), { recursive: true });
    writeFileSync(join(o.dir, file), text);
  }
  return Object.keys(files);
}
