import { t } from "elysia";

export const PkParams = t.Object({ pk: t.Integer({ minimum: 1 }) });

export { StatusClassSchema } from "../status/service.ts";
