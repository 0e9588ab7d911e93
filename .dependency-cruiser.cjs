/**
 * Binventory's layers and the only directions they may import (issue 11; README "Architecture").
 * `npm run lint:arch` checks them; .ci/run fails on any violation. No exceptions are listed.
 *
 *   core/                      nothing internal (the plugin ABI types of plugin-sdk/schema aside)
 *   db/                        core
 *   http/                      core
 *   modules/<m>/ (services)    core, db, plugin-sdk/schema, their own module, other modules'
 *                              public faces: service.ts and model.ts
 *   modules/<m>/ routes        the same plus http (index.ts, *-routes.ts)
 *   plugin-host/ (+ sandbox/)  core, plugin-sdk
 *   plugin-bridge/             the one place that imports both modules and plugin-host
 *   demo/                      core, db, modules' public faces (demo data)
 *   db/copy/                   (binventory copy-db) imported by main.ts alone
 *   app.ts bootstrap.ts main.ts   the composition root: anything
 */
const ROUTE = "^server/modules/[^/]+/(index|[^/]+-routes)\\.ts$";
const PUBLIC_FACE = "^server/modules/[^/]+/(service|model)\\.ts$";

module.exports = {
  forbidden: [
    {
      name: "core-imports-nothing-internal",
      comment: "core/ holds config, log, version, errors and the AppContext types; it depends on no other layer.",
      severity: "error",
      from: { path: "^server/core/" },
      to: { path: "^(server|plugin-sdk)/", pathNot: ["^server/core/", "^plugin-sdk/schema/"] },
    },
    {
      name: "db-imports-core-only",
      severity: "error",
      from: { path: "^server/db/" },
      to: { path: "^(server|plugin-sdk)/", pathNot: ["^server/core/", "^server/db/"] },
    },
    {
      name: "http-imports-core-only",
      comment: "http/ is Elysia plumbing (auth macro, request id, error mapping, params, page envelopes).",
      severity: "error",
      from: { path: "^server/http/" },
      to: { path: "^(server|plugin-sdk)/", pathNot: ["^server/core/", "^server/http/"] },
    },
    {
      name: "module-services-no-http-no-plugin-host",
      comment: "Module services import core, db, plugin-sdk/schema and modules; never http/ or the plugin host (routes may import http/).",
      severity: "error",
      from: { path: "^server/modules/", pathNot: ROUTE },
      to: { path: "^(server|plugin-sdk)/", pathNot: ["^server/core/", "^server/db/", "^server/modules/", "^plugin-sdk/schema/"] },
    },
    {
      name: "module-routes-layers",
      severity: "error",
      from: { path: ROUTE },
      to: { path: "^(server|plugin-sdk)/", pathNot: ["^server/core/", "^server/db/", "^server/http/", "^server/modules/", "^plugin-sdk/schema/"] },
    },
    {
      name: "modules-meet-through-public-faces",
      comment: "A module reaches another module only through its service.ts (logic) or model.ts (schemas).",
      severity: "error",
      from: { path: "^server/modules/([^/]+)/" },
      to: { path: "^server/modules/", pathNot: ["^server/modules/$1/", PUBLIC_FACE] },
    },
    {
      name: "modules-index-lists-routes",
      comment: "modules/index.ts lists the modules' route plugins for app.ts.",
      severity: "error",
      from: { path: "^server/modules/index\\.ts$" },
      to: { path: "^server/", pathNot: ["^server/core/", ROUTE] },
    },
    {
      name: "plugin-host-imports-core-and-sdk-only",
      comment: "The plugin host (and its sandbox) never imports the application: modules, db, http.",
      severity: "error",
      from: { path: "^server/plugin-host/" },
      to: { path: "^(server|plugin-sdk)/", pathNot: ["^server/core/", "^server/plugin-host/", "^plugin-sdk/"] },
    },
    {
      name: "plugin-bridge-no-http",
      comment: "plugin-bridge/ joins modules and the plugin host; it answers plugins, not HTTP requests.",
      severity: "error",
      from: { path: "^server/plugin-bridge/" },
      to: { path: "^server/(http|demo)/|^server/(app|bootstrap|main)\\.ts$" },
    },
    {
      name: "demo-data-layers",
      severity: "error",
      from: { path: "^server/demo/" },
      to: { path: "^(server|plugin-sdk)/", pathNot: ["^server/core/", "^server/db/", "^server/demo/", PUBLIC_FACE] },
    },
    {
      name: "only-the-root-imports-the-root",
      comment: "app.ts, bootstrap.ts and main.ts compose everything; nothing in server/ imports them back.",
      severity: "error",
      from: { path: "^server/", pathNot: "^server/(app|bootstrap|main)\\.ts$" },
      to: { path: "^server/(app|bootstrap|main)\\.ts$" },
    },
    {
      name: "copy-db-is-a-command",
      comment: "db/copy/ (binventory copy-db) is run by the CLI alone; the rest of the server never reaches it.",
      severity: "error",
      from: { path: "^server/", pathNot: ["^server/db/copy/", "^server/main\\.ts$"] },
      to: { path: "^server/db/copy/" },
    },
    {
      name: "sdk-stands-alone",
      comment: "plugin-sdk/ is published for plugin authors: it never imports the server.",
      severity: "error",
      from: { path: "^plugin-sdk/" },
      to: { path: "^server/" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)node_modules/|^plugin-sdk/kits/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".js", ".mjs", ".json", ".d.ts"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
