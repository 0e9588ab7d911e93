/** The whole schema, for drizzle's client and drizzle-kit. One file per domain. */
export * from "./user.ts";
export * from "./part.ts";
export * from "./stock.ts";
export * from "./row-counts.ts";
export * from "./company.ts";
export * from "./order.ts";
export * from "./settings.ts";
export * from "./barcode.ts";
export * from "./report.ts";
export * from "./media.ts";
export * from "./metadata.ts";
export * from "./parameter.ts";
export * from "./changes.ts";
