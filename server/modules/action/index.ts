import { Elysia, t } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { requestIdOf } from "../../http/request-log.ts";
import { runAction } from "./service.ts";

/** POST /api/action/ as InvenTree's ActionPluginView: the first active plugin declaring the action runs it. */
export const actionModule = (ctx: AppContext) =>
  new Elysia({ prefix: "/api/action", detail: { tags: ["action"] } }).use(authPlugin(ctx)).post(
    "/",
    async ({ body, user, set, request }) => {
      const answer = await runAction(ctx.plugins, body.action, body.data, user, requestIdOf(request));
      set.status = answer.status;
      return answer.body;
    },
    {
      auth: "readonly",
      body: t.Object({ action: t.Optional(t.String({ maxLength: 200 })), data: t.Optional(t.Unknown()) }),
      detail: { summary: "Run a custom action through the action plugin that declares it" },
    },
  );
