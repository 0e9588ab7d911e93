import pkg from "../package.json" with { type: "json" };

export const SERVER_VERSION: string = pkg.version;
/**
 * InvenTree API version we speak. InvenTree's Python client refuses servers below 206; we report
 * the InvenTree API level whose shapes we follow.
 */
export const API_VERSION = 206;
