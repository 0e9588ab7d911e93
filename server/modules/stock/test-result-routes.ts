import { Elysia, t } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import { QueryBool } from "./query-params.ts";
import { parseBoolQuery } from "../../core/query.ts";

import { TestResultCreateBody, TestResultListQuery, TestResultPatchBody, TestResultSchema } from "./test-result-model.ts";
import * as results from "./test-result-service.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { PkParams } from "../../core/params.ts";

/** /api/stock/test/…: test results recorded against stock items. */
export const testResultRoutes = (ctx: AppContext) =>
  new Elysia({ prefix: "/test" })
    .use(authPlugin(ctx))
    .get("/", async ({ query, request }) => pageEnvelope(request.url, query, await results.listTestResults(ctx.database, query)), {
      auth: "readonly",
      query: TestResultListQuery,
      response: Paginated(TestResultSchema),
    })
    .post(
      "/",
      ({ body, user, set }) => {
        set.status = 201;
        return results.createTestResult(ctx.database, body, user.id);
      },
      { auth: "staff", body: TestResultCreateBody, response: { 201: TestResultSchema } },
    )
    .get("/:pk/", ({ params, query }) => results.getTestResult(ctx.database, params.pk, { templateDetail: parseBoolQuery(query.template_detail) }), {
      auth: "readonly",
      params: PkParams,
      query: t.Object({ user_detail: QueryBool, template_detail: QueryBool }),
      response: TestResultSchema,
    })
    .patch("/:pk/", ({ params, body }) => results.updateTestResult(ctx.database, params.pk, body), {
      auth: "staff",
      params: PkParams,
      body: TestResultPatchBody,
      response: TestResultSchema,
    })
    .delete(
      "/:pk/",
      async ({ params, set }) => {
        await results.deleteTestResult(ctx.database, params.pk);
        set.status = 204;
      },
      { auth: "staff", params: PkParams },
    );
