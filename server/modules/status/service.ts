/**
 * The status module's public services: what other modules (and demo data) may import. The rest of
 * the folder is the module's own.
 */
export { defineStatusClass, StatusClassSchema, type StatusColor } from "./status-class.ts";
