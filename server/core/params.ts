import { t } from "elysia";

/**
 * The `<pk>` path parameter of every detail route (`/api/part/<pk>/`…): Django's `<int:pk>`, a
 * positive integer. http/path-params.ts reads the integer members of route params schemas like
 * this one to answer 404 for a pk no object can have.
 */
export const PkParams = t.Object({ pk: t.Integer({ minimum: 1 }) });
