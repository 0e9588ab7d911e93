import type { TestApp } from "./app.ts";

/**
 * Whether the app accepts DRF's numeric/boolean strings (h-core's global coercion). Contract
 * tests that replay bodies with numbers as strings, exactly as the mobile app sends them, run
 * only where it does; until that branch is merged they are skipped, not failed.
 */
export async function coercionAvailable(t: TestApp): Promise<boolean> {
  const r = await t.call("POST", "/api/stock/location/", { name: "coercion probe", structural: "false" }, "staff");
  if (r.status !== 201) return false;
  await t.call("DELETE", `/api/stock/location/${r.body.pk}/`, undefined, "staff");
  return true;
}
