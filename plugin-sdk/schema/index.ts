/** The plugin ABI, version 1: manifest, exports and host functions, as TypeBox schemas. */
export * from "./manifest.ts";
export * from "./exports.ts";
export * from "./host-functions.ts";
export * from "./report.ts";
