import { Elysia } from "elysia";
import type { AppContext } from "../../context.ts";

/** Routes of the stock module (being written). */
export const stockModule = (_ctx: AppContext) => new Elysia({ name: "binventory/stock" });
