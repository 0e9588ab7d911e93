import type { AnyElysia } from "elysia";
import type { AppContext } from "../context.ts";
import { userModule } from "./user/index.ts";

/** Every feature module, in the order their routes are registered. */
export const moduleList: ((ctx: AppContext) => AnyElysia)[] = [userModule];
