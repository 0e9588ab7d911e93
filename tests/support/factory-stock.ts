/** Stock-specific test helpers: reading tracking entries and checking the auth matrix of a route. */
import { expect } from "bun:test";
import type { TestApp } from "./app.ts";

export interface TrackingEntryBody {
  pk: number;
  item: number;
  tracking_type: number;
  label: string;
  deltas: Record<string, unknown>;
  notes: string;
  user: number | null;
  user_detail: { pk: number; username: string } | null;
  plugin: string | null;
}

/** The tracking entries of one item through the API, newest first. */
export async function trackingOf(t: TestApp, item: number): Promise<TrackingEntryBody[]> {
  const r = await t.call("GET", `/api/stock/track/?item=${item}`);
  expect(r.status).toBe(200);
  return r.body as TrackingEntryBody[];
}

/** 401 without credentials and 403 for read-only users on a staff-only write. */
export async function expectStaffOnly(t: TestApp, method: string, path: string, body?: unknown): Promise<void> {
  expect((await t.call(method, path, body, null)).status).toBe(401);
  expect((await t.call(method, path, body, "readonly")).status).toBe(403);
}
