/**
 * The caller's notifications (InvenTree's NotificationMessage). Binventory raises none yet: no
 * event it knows is sent to users as a message (InvenTree's come from build orders, low stock
 * emails, news). So every list is empty, with InvenTree's shape and filters, and no pk exists;
 * the app polls the unread count every minute (inventree-app lib/api.dart:1794-1801).
 */
import type { Static } from "elysia";
import { notFound } from "../../core/errors.ts";
import type { NotificationListQuery, NotificationSchema } from "./model.ts";

type NotificationOut = Static<typeof NotificationSchema>;

/** `GET /api/notifications/` for one user: `{count, …, results}` with `limit`, else a bare array. */
export function listNotifications(_userId: number, q: Static<typeof NotificationListQuery>) {
  const rows: NotificationOut[] = [];
  return { total: rows.length, rows: rows };
}

/** One notification of the user: none exist, so always 404 (as InvenTree for another user's). */
export function getNotification(_userId: number, _pk: number): NotificationOut {
  throw notFound("No NotificationMessage matches the given query.");
}

/** `GET /api/notifications/readall/`: marks every notification read. */
export function markAllRead(_userId: number): { status: "ok" } {
  return { status: "ok" };
}
