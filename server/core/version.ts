import pkg from "../../package.json" with { type: "json" };

export const SERVER_VERSION: string = pkg.version;
/**
 * The InvenTree API version we report: the highest one whose features InvenTree's clients switch on
 * (by `apiVersion >= N` gates) Binventory implements. docs/clients.md lists every gate and why.
 */
export const API_VERSION = 496;
