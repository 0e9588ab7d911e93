/**
 * server/db/tables.ts: every table of the schema is bound there, to its SQLite table by default and
 * to its PostgreSQL twin after useTables("postgres"), once per process. Binding is global to the
 * process, so the switch is checked in a child process (the test runner shares one process).
 */
import { expect, test } from "bun:test";
import { Glob } from "bun";
import { is } from "drizzle-orm";
import ts from "typescript";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "../server/db/schema/index.ts";
import { boundTables, tablesDialect } from "../server/db/tables.ts";

const schemaTables = Object.entries(schema).filter(([, v]) => is(v, SQLiteTable));

test("every table of the schema is bound, to the SQLite table by default", () => {
  expect(tablesDialect()).toBe("sqlite");
  const bound = boundTables();
  expect(Object.keys(bound).sort()).toEqual(schemaTables.map(([k]) => k).sort());
  for (const [name, table] of schemaTables) expect(bound[name]).toBe(table);
});

test("useTables('postgres') binds every name to its PostgreSQL twin, once: a process serves one backend; ofBoundTables values follow", () => {
  const script = `
    import * as t from "./server/db/tables.ts";
    import { pgTables } from "./server/db/pg/schema.ts";
    const columns = t.ofBoundTables(() => ({ pk: t.parts.id }));
    const before = columns().pk === (await import("./server/db/schema/index.ts")).parts.id;
    t.useTables("postgres");
    // A value built from the tables is built again from the tables bound now.
    const rebuilt = columns().pk === pgTables.parts.id && columns() === columns();
    const wrong = Object.entries(t.boundTables()).filter(([k, v]) => v !== pgTables[k]).map(([k]) => k);
    // The live binding: an importer sees the new table.
    const live = t.stockItems === pgTables.stockItems;
    let refused = "";
    try { t.useTables("sqlite"); } catch (e) { refused = e.message; }
    console.log(JSON.stringify({ dialect: t.tablesDialect(), wrong, live, before, rebuilt, refused }));`;
  const out = Bun.spawnSync([process.execPath, "-e", script], { cwd: `${import.meta.dir}/..` });
  expect(out.stderr.toString()).toBe("");
  const r = JSON.parse(out.stdout.toString());
  expect(r).toEqual({ dialect: "postgres", wrong: [], live: true, before: true, rebuilt: true, refused: expect.stringContaining("one backend") });
});

/**
 * The names of db/tables.ts are live bindings, switched to PostgreSQL's tables at start; a value
 * computed from them when a module loads (a map of columns, an alias, an SQL fragment) keeps
 * SQLite's, which PostgreSQL's dialect maps and renders wrongly (JSON columns parsed twice, aliases
 * without their table). Such values are built inside a function (`ofBoundTables`, or per call).
 */
test("no module-level value is built from the bound tables when its module loads", async () => {
  const root = `${import.meta.dir}/..`;
  const offenders: string[] = [];
  for (const file of new Glob("server/**/*.ts").scanSync(root)) {
    if (file === "server/db/tables.ts") continue;
    const sf = ts.createSourceFile(file, await Bun.file(`${root}/${file}`).text(), ts.ScriptTarget.Latest, true);
    const tableNames = new Set<string>();
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) || st.importClause?.isTypeOnly || !/(^|\/)tables\.ts$/.test((st.moduleSpecifier as ts.StringLiteral).text)) continue;
      const named = st.importClause?.namedBindings;
      if (named && ts.isNamedImports(named)) for (const e of named.elements) if (!e.isTypeOnly && Object.hasOwn(boundTables(), e.name.text)) tableNames.add(e.name.text);
    }
    if (tableNames.size === 0) continue;
    const visit = (n: ts.Node): void => {
      // Inside a function the name is read when it runs, after the binding.
      if (ts.isFunctionLike(n) || ts.isTypeNode(n)) return;
      if (ts.isIdentifier(n) && tableNames.has(n.text) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
        offenders.push(`${file}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.text}`);
      }
      ts.forEachChild(n, visit);
    };
    for (const st of sf.statements) if (ts.isVariableStatement(st) || ts.isExpressionStatement(st) || ts.isClassDeclaration(st)) visit(st);
  }
  expect(offenders).toEqual([]);
});
