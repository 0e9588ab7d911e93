import { type DocumentDecoration, Elysia, t } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { requestIdOf } from "../../http/request-log.ts";
import { runAction } from "./service.ts";

/** The answers of POST /api/action/ for the OpenAPI document: InvenTree's `{error, ...}` shape, not DRF's. */
const failure = (description: string) => ({
  description,
  content: { "application/json": { schema: { type: "object" as const, required: ["error"], properties: { error: { type: "string" as const }, action: { type: "string" as const }, plugin: { type: "string" as const }, failure: { type: "string" as const } } } } },
});
const actionDoc: DocumentDecoration = {
  summary: "Run a custom action through the action plugin that declares it",
  responses: {
    "200": {
      description: "The plugin's answer.",
      content: { "application/json": { schema: { type: "object", required: ["action", "result", "info", "plugin"], properties: { action: { type: "string" }, result: {}, info: {}, plugin: { type: "string" } } } } },
    },
    "400": {
      description: "No action given, the plugin refused the data, or an invalid body (DRF's field errors).",
      content: { "application/json": { schema: { anyOf: [failure("").content["application/json"].schema, { $ref: "#/components/schemas/ValidationErrors" }] } } },
    },
    "404": failure("No active plugin declares the action."),
    "502": failure("The plugin failed."),
    "503": failure("The plugin is unavailable (suspended or busy)."),
  },
};

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
      detail: actionDoc,
    },
  );
