import { Elysia } from "elysia";
import type { AppContext } from "../../context.ts";

/** Routes of the company module (being written). */
export const companyModule = (_ctx: AppContext) => new Elysia({ name: "binventory/company" });
