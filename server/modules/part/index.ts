import { Elysia } from "elysia";
import type { AppContext } from "../../context.ts";

/** Routes of the part module (being written). */
export const partModule = (_ctx: AppContext) => new Elysia({ name: "binventory/part" });
