import { Elysia } from "elysia";
import type { AppContext } from "../../context.ts";

/** Routes of the order module (being written). */
export const orderModule = (_ctx: AppContext) => new Elysia({ name: "binventory/order" });
