import { Elysia, t } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { requestIdOf } from "../../http/request-log.ts";
import { SearchBody, SearchResult } from "./model.ts";
import { type Dispatch, runSearch } from "./service.ts";

/**
 * `POST /api/search/`: InvenTree's multi-model search (the app's home search, inventree-app
 * lib/widget/search.dart:166). It needs the whole app to answer each model's list, so app.ts
 * mounts it with the app's own `handle`.
 */
export const searchModule = (ctx: AppContext, dispatch: Dispatch) =>
  new Elysia({ name: "binventory/search", prefix: "/api/search", detail: { tags: ["search"] } })
    .use(authPlugin(ctx))
    .post(
      "/",
      ({ body, request, headers }) => runSearch(dispatch, { origin: new URL(request.url).origin, authorization: headers.authorization, requestId: requestIdOf(request) }, body),
      {
        auth: "readonly",
        body: SearchBody,
        response: t.Record(t.String(), SearchResult),
        detail: { summary: "Search several model types at once; each answers as its own list endpoint would" },
      },
    );
