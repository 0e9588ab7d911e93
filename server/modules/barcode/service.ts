/**
 * The barcode module's public services: what other modules (and demo data) may import. The rest of
 * the folder is the module's own.
 */
export { BUILTIN_NAME, BUILTIN_SLUG, BUILTIN_TITLE, BUILTIN_VERSION, builtinSettingOut, listBuiltinSettings, updateBuiltinSetting } from "./inventree-plugin.ts";
export { formatNativeBarcode } from "./native.ts";
