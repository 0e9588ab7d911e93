import { Elysia, t } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { Paginated } from "../../core/pagination.ts";
import { NotificationListQuery, NotificationPatchBody, NotificationSchema } from "./model.ts";
import { getNotification, listNotifications, markAllRead } from "./service.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { PkParams } from "../../core/params.ts";

/** /api/notifications/…: the caller's own messages (InvenTree's common/api.py NotificationList). */
export const notificationModule = (ctx: AppContext) =>
  new Elysia({ name: "binventory/notification", prefix: "/api/notifications", detail: { tags: ["notifications"] } })
    .use(authPlugin(ctx))
    .get("/", ({ user, query, request }) => pageEnvelope(request.url, query, listNotifications(user.id, query)), {
      auth: "readonly",
      query: NotificationListQuery,
      response: Paginated(NotificationSchema),
      detail: { summary: "The caller's notifications (read=false: unread only)" },
    })
    .get("/readall/", ({ user }) => markAllRead(user.id), { auth: "readonly", response: t.Object({ status: t.Literal("ok") }) })
    .get("/:pk/", ({ user, params }) => getNotification(user.id, params.pk), { auth: "readonly", params: PkParams, response: NotificationSchema })
    .patch("/:pk/", ({ user, params }) => getNotification(user.id, params.pk), {
      auth: "readonly",
      params: PkParams,
      body: NotificationPatchBody,
      response: NotificationSchema,
      detail: { summary: "Mark one notification read or unread (the app's dismiss, lib/inventree/notification.dart:40-46)" },
    });
