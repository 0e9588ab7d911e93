/**
 * Contract: logging in, as InvenTree's two clients do it, request by request.
 * - inventree-app (commit 06013b3a) lib/api.dart: checkServer → fetchToken → _checkAuth →
 *   _fetchRoles → _fetchPlugins → fetchStatusCodeData, then the notification poll and settings.
 * - inventree-python (commit d905764) inventree/api.py: testServer → testAuth → requestToken.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp, type TestResponse } from "./support/app.ts";
import { pluginsDir } from "./support/plugins.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
});
afterAll(() => t.close());

const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}` });
const PASSWORDS = { superuser: ["root", "root-password"], staff: ["staff", "staff-password"], readonly: ["reader", "reader-password"] } as const;
type Who = keyof typeof PASSWORDS;

// inventree-python inventree/api.py:384-387 refuses any JSON answer whose content-type is not
// exactly application/json. (Parameters are dropped globally by h-core's change; the media type is
// what this file checks.)
const isJson = (r: TestResponse) => expect(r.headers.get("content-type")?.split(";")[0]).toBe("application/json");

/** A request as the app's APIResponse sends it: Token auth, JSON accept (lib/api.dart:1535-1547). */
const appGet = (path: string, token: string) => t.app.handle(new Request(`http://localhost${path}`, { headers: { authorization: `Token ${token}`, accept: "application/json", "content-type": "application/json", "accept-language": "en" } })).then(async (res) => ({ status: res.status, headers: res.headers, body: JSON.parse(await res.text()) }) as TestResponse);

/** The app's own checkRole (lib/api.dart:782-826), given the roles it stored. */
function checkRole(roles: Record<string, unknown>, role: string, permission: string): boolean {
  if (Object.keys(roles).length === 0) return true;
  if (!(role in roles)) return true;
  if (roles[role] === null) return false;
  return (roles[role] as string[]).includes(permission);
}

/** The app's checkPermission (lib/api.dart:832-875). */
function checkPermission(permissions: Record<string, unknown>, model: string, permission: string): boolean {
  if (Object.keys(permissions).length === 0) return true;
  if (!(model in permissions) || permissions[model] === null) return false;
  return (permissions[model] as string[]).includes(permission);
}

/** The app's login, step by step, for one user; answers what the app would have stored. */
async function appLogin(who: Who) {
  // lib/api.dart:476-489: GET <server>/api/ without credentials, expecting 200.
  const root = await t.call("GET", "/api/", undefined, null);
  expect(root.status).toBe(200);
  isJson(root);
  // lib/api.dart:289-291: instance and version read `as String`, apiVersion `as int`.
  expect(typeof root.body.instance).toBe("string");
  expect(typeof root.body.version).toBe("string");
  expect(root.body.version.length).toBeGreaterThan(0); // lib/api.dart:505: empty → "missing data"
  expect(Number.isInteger(root.body.apiVersion)).toBe(true);
  expect(root.body.apiVersion).toBeGreaterThanOrEqual(100); // lib/api.dart:196, 511: _minApiVersion
  const apiVersion = root.body.apiVersion as number;

  // lib/api.dart:598-611: HTTP Basic on user/token/ (user/me/token/ from API 490), with a `name`
  // made of the platform and device (lib/api.dart:570-596).
  const tokenUrl = apiVersion >= 490 ? "/api/user/me/token/" : "/api/user/token/";
  const name = "inventree-mobile-app-android-Pixel 8 Pro-husky-15";
  const [u, p] = PASSWORDS[who];
  const tok = await t.call("GET", `${tokenUrl}?name=${encodeURIComponent(name)}`, undefined, null, basic(u, p));
  expect(tok.status).toBe(200);
  isJson(tok);
  expect(typeof tok.body.token).toBe("string"); // lib/api.dart:645 `data["token"] as String`
  const token = tok.body.token as string;

  // lib/api.dart:539-542: GET user/me/ with the token; 200 and a map.
  const me = await appGet("/api/user/me/", token);
  expect(me.status).toBe(200);
  isJson(me);
  // lib/api.dart:279-284: username / email / first_name / last_name as String, pk as int.
  for (const k of ["username", "email", "first_name", "last_name"]) expect(typeof me.body[k]).toBe("string");
  expect(Number.isInteger(me.body.pk)).toBe(true);
  expect(me.body.username).toBe(u);

  // lib/api.dart:727-730: user/roles/ (user/me/roles/ from API 490), expecting 200.
  const roles = await appGet(apiVersion >= 490 ? "/api/user/me/roles/" : "/api/user/roles/", token);
  expect(roles.status).toBe(200);
  isJson(roles);
  expect(Object.hasOwn(roles.body, "roles")).toBe(true); // lib/api.dart:738
  expect(typeof roles.body.roles).toBe("object"); // lib/api.dart:746 `as Map<String, dynamic>`
  // lib/api.dart:748-749: permissions read as a map from API 207 (supportsUserPermissions, :343).
  expect(typeof roles.body.permissions).toBe("object");
  const permissions = roles.body.permissions as Record<string, unknown>;

  // lib/api.dart:758-776 → InvenTreePlugin().list() (lib/inventree/model.dart:797-835) on
  // "plugins/" (model.dart:877-889: API ≥ 90), no filters.
  const plugins = await appGet("/api/plugins/", token);
  expect(plugins.status).toBe(200);
  isJson(plugins);
  expect(Array.isArray(plugins.body)).toBe(true); // model.dart:817 isList()
  for (const pl of plugins.body) {
    expect(typeof pl.key).toBe("string"); // model.dart:891
    expect(typeof pl.active).toBe("boolean"); // model.dart:893 getBool: "true" when active
    expect(typeof pl.meta.human_name).toBe("string"); // model.dart:896-899 `as String`
    expect(typeof pl.mixins).toBe("object"); // model.dart:902-907 `as Map<String, dynamic>`
  }
  return { apiVersion, token, roles: roles.body.roles as Record<string, unknown>, permissions, plugins: plugins.body as { key: string; active: boolean; mixins: Record<string, unknown> }[] };
}

describe("inventree-app: login", () => {
  test("every role gets through _connectToServer (lib/api.dart:423-458)", async () => {
    for (const who of ["superuser", "staff", "readonly"] as const) await appLogin(who);
  });

  test("a wrong password is 401, which the app reports as bad credentials (lib/api.dart:614-622)", async () => {
    const r = await t.call("GET", "/api/user/token/?name=x", undefined, null, basic("reader", "wrong"));
    expect(r.status).toBe(401);
    isJson(r);
  });

  test("the token name is kept as InvenTree's sanitize_name keeps it (spaces → -, ≤ 100 chars)", async () => {
    const long = `inventree-mobile-app-android-${"My Very Long Device Name ".repeat(8)}`;
    const r = await t.call("GET", `/api/user/token/?name=${encodeURIComponent(long)}`, undefined, null, basic("staff", "staff-password"));
    expect(r.status).toBe(200);
    expect(r.body.name.length).toBe(100);
    expect(r.body.name).not.toContain(" ");
  });

  test("roles: the app enables exactly what each role may do (model.dart:221-265 canView/canEdit/…)", async () => {
    // rolesRequired per model: part (part.dart:149), stock (stock.dart:145), purchase_order
    // (purchase_order.dart:42), sales_order (sales_order.dart:34), build (build.dart:43).
    const expectations: Record<Who, Record<string, string[]>> = {
      readonly: { part: ["view"], stock: ["view"], purchase_order: ["view"], sales_order: ["view"] },
      staff: { part: ["view", "add", "change", "delete"], stock: ["view", "add", "change", "delete"], purchase_order: ["view", "add", "change", "delete"], sales_order: ["view", "add", "change", "delete"] },
      superuser: { part: ["view", "add", "change", "delete"], stock: ["view", "add", "change", "delete"], purchase_order: ["view", "add", "change", "delete"], sales_order: ["view", "add", "change", "delete"], admin: ["view", "add", "change", "delete"] },
    };
    for (const who of ["readonly", "staff", "superuser"] as const) {
      const s = await appLogin(who);
      for (const role of ["part", "stock", "purchase_order", "sales_order", "admin"]) {
        for (const perm of ["view", "add", "change", "delete"]) {
          expect([who, role, perm, checkRole(s.roles, role, perm)]).toEqual([who, role, perm, (expectations[who][role] ?? []).includes(perm)]);
        }
      }
      // Build and return orders are not part of Binventory: null, so the app hides them
      // (home.dart:354 checkRole("build", "view"); a missing key would read as allowed, api.dart:793-796).
      expect(s.roles.build).toBeNull();
      expect(s.roles.return_order).toBeNull();
      expect(checkRole(s.roles, "build", "view")).toBe(false);
      // Every ruleset InvenTree knows is present (users/ruleset.py RULESET_CHOICES).
      expect(Object.keys(s.roles).sort()).toEqual(["admin", "build", "part", "part_category", "purchase_order", "return_order", "sales_order", "stock", "stock_location"]);
      // company_list.dart:55 checkPermission("company", "add"): staff and superusers only, once
      // apiVersion ≥ 207 makes the app read `permissions` (below that it allows everything).
      expect(checkPermission(s.permissions, "company", "add")).toBe(who !== "readonly");
      expect(checkPermission(s.permissions, "stockitem", "view")).toBe(true);
    }
  });

  test("roles match what the server lets each role do", async () => {
    // A readonly user is refused a stock change the app would hide from them; staff is not.
    const body = { items: [{ pk: 1, quantity: 1 }], notes: "contract" };
    expect((await t.call("POST", "/api/stock/add/", body, "readonly")).status).toBe(403);
    expect((await t.call("POST", "/api/stock/add/", body, "staff")).status).toBe(201);
    // Admin ruleset (users) is the superuser's alone.
    expect((await t.call("GET", "/api/user/", undefined, "staff")).status).toBe(403);
    const r = await t.call("GET", "/api/user/roles/", undefined, "staff");
    expect(r.body.is_staff).toBe(true);
    expect(r.body.is_superuser).toBe(false);
    expect(r.body.roles.admin).toBeNull();
    expect(r.body.permissions.user).toBeUndefined();
    expect(Number.isInteger(r.body.user)).toBe(true);
  });

  test("plugins: built-in barcode support is listed active, with the barcode mixin, to every role", async () => {
    const s = await appLogin("readonly");
    const builtin = s.plugins.find((p) => p.key === "inventreebarcode");
    expect(builtin?.active).toBe(true);
    expect(Object.keys(builtin?.mixins ?? {})).toContain("barcode");
    // api.dart:1689 getPlugins(mixin: "locate"): no locate plugin, so the app shows no "locate" action.
    expect(s.plugins.filter((p) => p.active && "locate" in p.mixins)).toEqual([]);
  });

  test("plugin list filters as InvenTree's PluginFilter (plugin/api.py), incl. the label form's query", async () => {
    const all = (await t.call("GET", "/api/plugins/", undefined, "readonly")).body as { key: string; is_builtin: boolean; active: boolean; mixins: Record<string, unknown> }[];
    const barcode = await t.call("GET", "/api/plugins/?mixin=barcode", undefined, "readonly");
    expect(barcode.body.map((p: { key: string }) => p.key)).toEqual(all.filter((p) => "barcode" in p.mixins).map((p) => p.key));
    const both = await t.call("GET", "/api/plugins/?mixin=barcode,settings", undefined, "readonly");
    expect(both.body.every((p: { mixins: object }) => "barcode" in p.mixins && "settings" in p.mixins)).toBe(true);
    const builtins = await t.call("GET", "/api/plugins/?builtin=true", undefined, "readonly");
    expect(builtins.body.every((p: { is_builtin: boolean }) => p.is_builtin)).toBe(true);
    expect((await t.call("GET", "/api/plugins/?builtin=false", undefined, "readonly")).body.every((p: { is_builtin: boolean }) => !p.is_builtin)).toBe(true);
    expect((await t.call("GET", "/api/plugins/?active=false", undefined, "readonly")).body.every((p: { active: boolean }) => !p.active)).toBe(true);
    // lib/labels.dart:256-260: the print form's plugin field lists plugins with
    // {"enabled": true, "mixin": "labels"} (`enabled` is no InvenTree filter: ignored, as django-filter does).
    const labels = await t.call("GET", "/api/plugins/?enabled=true&mixin=labels", undefined, "readonly");
    expect(labels.status).toBe(200);
    expect(labels.body.every((p: { mixins: object }) => "labels" in p.mixins)).toBe(true);
    // Paginated with `limit`, as every InvenTree list.
    const page = await t.call("GET", "/api/plugins/?limit=1", undefined, "readonly");
    expect(page.body.count).toBe(all.length);
    expect(page.body.results.length).toBe(1);
    expect((await t.call("GET", "/api/plugins/?active=maybe", undefined, "readonly")).status).toBe(400);
  });

  test("status codes load after connecting (lib/api.dart:715, 1765-1785)", async () => {
    const s = await appLogin("readonly");
    expect(s.apiVersion).toBeGreaterThanOrEqual(105); // status_codes.dart:50 supportsStatusLabelEndpoints
    for (const url of ["stock/track/status/", "stock/status/", "order/po/status/", "order/so/status/"]) {
      const r = await appGet(`/api/${url}`, s.token);
      expect(r.status).toBe(200); // status_codes.dart:58
      expect(typeof r.body.values).toBe("object"); // status_codes.dart:61-62 `as Map<String, dynamic>`
    }
  });

  test("notifications: the minute poll counts unread ones; the list page loads them (lib/api.dart:1794-1801)", async () => {
    const s = await appLogin("staff");
    // model.dart:462-487 count(): limit=1 plus the default filter read=false (notification.dart:22-25);
    // reads `count` via int.tryParse.
    const count = await appGet("/api/notifications/?read=false&limit=1", s.token);
    expect(count.status).toBe(200);
    isJson(count);
    expect(count.body.count).toBe(0);
    expect(count.body.results).toEqual([]);
    // widget/notifications.dart:27 list() with read=false: a bare list or {results}; both fine.
    const list = await appGet("/api/notifications/?read=false", s.token);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([]);
    expect((await appGet("/api/notifications/?read=true&limit=5&offset=0", s.token)).body.count).toBe(0);
    expect((await appGet("/api/notifications/readall/", s.token)).body).toEqual({ status: "ok" });
    expect((await appGet("/api/notifications/1/", s.token)).status).toBe(404);
    expect((await t.call("GET", "/api/notifications/", undefined, null)).status).toBe(401);
  });

  test("global settings the app reads answer with InvenTree's key, value and type", async () => {
    const s = await appLogin("readonly");
    // api.dart:1625-1655 → InvenTreeGlobalSetting().getModel(key) on settings/global/<key>/
    // (model.dart:644-681, 928); value read with getString (model.dart:932) and compared to "true".
    // stock_detail.dart:223 STOCK_ENABLE_EXPIRY (InvenTree's default: off).
    const expiry = await appGet("/api/settings/global/STOCK_ENABLE_EXPIRY/", s.token);
    expect(expiry.status).toBe(200);
    expect(expiry.body.key).toBe("STOCK_ENABLE_EXPIRY");
    expect(expiry.body.value.toLowerCase()).toBe("false");
    expect(expiry.body.type).toBe("boolean");
    // purchase_order_detail.dart:292-296, sales_order_detail.dart:267-271: PROJECT_CODES_ENABLED
    // with backup: true: an empty answer would switch project codes ON in the app. It answers "False".
    const codes = await appGet("/api/settings/global/PROJECT_CODES_ENABLED/", s.token);
    expect(codes.status).toBe(200);
    expect(codes.body.value.toLowerCase()).toBe("false");
    // …and cannot be switched on: Binventory has no project codes.
    const on = await t.call("PATCH", "/api/settings/global/PROJECT_CODES_ENABLED/", { value: "True" }, "superuser");
    expect(on.status).toBe(400);
    expect(on.body.value).toBeDefined();
    // Stock expiry can be switched on by a superuser; the app then shows expiry dates.
    const set = await t.call("PATCH", "/api/settings/global/STOCK_ENABLE_EXPIRY/", { value: true }, "superuser");
    expect(set.body.value).toBe("True");
    expect((await appGet("/api/settings/global/STOCK_ENABLE_EXPIRY/", s.token)).body.value.toLowerCase()).toBe("true");
    await t.call("PATCH", "/api/settings/global/STOCK_ENABLE_EXPIRY/", { value: false }, "superuser");
  });

  test("user settings: settings/user/<key>/ (model.dart:937-950), each user their own", async () => {
    const r = await t.call("GET", "/api/settings/user/SEARCH_PREVIEW_RESULTS/", undefined, "readonly");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ key: "SEARCH_PREVIEW_RESULTS", value: "10", type: "integer", typ: "user" });
    const set = await t.call("PATCH", "/api/settings/user/SEARCH_PREVIEW_RESULTS/", { value: "25" }, "readonly");
    expect(set.status).toBe(200);
    expect(set.body.value).toBe("25");
    expect((await t.call("GET", "/api/settings/user/SEARCH_PREVIEW_RESULTS/", undefined, "readonly")).body.value).toBe("25");
    expect((await t.call("GET", "/api/settings/user/SEARCH_PREVIEW_RESULTS/", undefined, "staff")).body.value).toBe("10");
    expect((await t.call("PATCH", "/api/settings/user/SEARCH_PREVIEW_RESULTS/", { value: "0" }, "readonly")).status).toBe(400);
    expect((await t.call("GET", "/api/settings/user/NO_SUCH_SETTING/", undefined, "readonly")).status).toBe(404);
    const list = await t.call("GET", "/api/settings/user/", undefined, "staff");
    expect(list.body.map((s: { key: string }) => s.key)).toContain("LABEL_INLINE");
    expect(list.body.every((s: { user: number }) => s.user === t.users.staff)).toBe(true);
  });
});

describe("inventree-python: connect()", () => {
  test("testServer → testAuth → requestToken, then token requests (inventree/api.py:113-137)", async () => {
    // api.py:189-194: GET <host>/api/ without auth.
    const root = await t.call("GET", "/api/", undefined, null);
    expect(root.status).toBe(200);
    isJson(root);
    // api.py:212: `server` is read (anything but "InvenTree" only logs a warning).
    expect(typeof root.body.server).toBe("string");
    // api.py:217-225: apiVersion must be an int ≥ MIN_SUPPORTED_API_VERSION (206, api.py:25).
    expect(Number.isInteger(root.body.apiVersion)).toBe(true);
    expect(root.body.apiVersion).toBeGreaterThanOrEqual(206);
    // InvenTree's InfoView fields (InvenTree/api.py InfoApiSerializer), with their JSON types.
    expect(typeof root.body.worker_running).toBe("boolean");
    expect(typeof root.body.plugins_enabled).toBe("boolean");
    expect(Array.isArray(root.body.active_plugins)).toBe(true);
    expect(root.body.django_admin).toBeNull();

    // api.py:130, 162: user/me/ with HTTP Basic before any token; api.py:173 reads `username`.
    const me = await t.call("GET", "/api/user/me/", undefined, null, basic("staff", "staff-password"));
    expect(me.status).toBe(200);
    isJson(me);
    expect(me.body.username).toBe("staff");

    // api.py:246-260: user/token/?name=inventree-python-client (api.py:67) with Basic; reads `token`.
    const tok = await t.call("GET", "/api/user/token/?name=inventree-python-client", undefined, null, basic("staff", "staff-password"));
    expect(tok.status).toBe(200);
    isJson(tok);
    expect(typeof tok.body.token).toBe("string");
    expect(tok.body.name).toBe("inventree-python-client");

    // api.py:309-310: later requests carry `AUTHORIZATION: Token …`.
    const later = await t.app.handle(new Request("http://localhost/api/user/me/", { headers: { AUTHORIZATION: `Token ${tok.body.token}` } }));
    expect(later.status).toBe(200);
    expect(later.headers.get("content-type")?.split(";")[0]).toBe("application/json");
  });

  test("plugins: list(active=True), lookup by key, setActive (inventree/plugin.py, base.py)", async () => {
    // InventreeObject.list → GET plugins/?active=True (Python's str(True)).
    const list = await t.call("GET", "/api/plugins/?active=True", undefined, "staff");
    expect(list.status).toBe(200);
    isJson(list);
    // test/test_plugin.py:44-58 in the library: the attributes every plugin carries.
    for (const p of list.body) for (const k of ["pk", "key", "name", "package_name", "active", "meta", "mixins", "is_builtin", "is_sample", "is_installed"]) expect(Object.hasOwn(p, k)).toBe(true);
    // plugin.py:14-16 getPkField() is "key": the detail URL is plugins/<key>/.
    const one = await t.call("GET", `/api/plugins/${list.body[0].key}/`, undefined, "staff");
    expect(one.status).toBe(200);
    expect(one.body.key).toBe(list.body[0].key);
    // plugin.py:18-22 setActive(): POST plugins/<key>/activate/ {"active": …}; superusers only.
    expect((await t.call("POST", "/api/plugins/inventreebarcode/activate/", { active: true }, "staff")).status).toBe(403);
    const on = await t.call("POST", "/api/plugins/inventreebarcode/activate/", { active: true }, "superuser");
    expect(on.status).toBe(200);
    expect(on.body.active).toBe(true);
    // A built-in plugin cannot be switched off (as InvenTree's mandatory plugins).
    expect((await t.call("POST", "/api/plugins/inventreebarcode/activate/", { active: false }, "superuser")).status).toBe(400);
  });
});

describe("WASM plugins as the clients see them", () => {
  let w: TestApp;
  beforeAll(async () => {
    w = await makeTestApp({ demo: true, pluginsDir: pluginsDir({ examples: ["echo", "lcsc-qr", "inventory-valuation", "low-stock"] }) });
  });
  afterAll(() => w.close());

  test("kinds are InvenTree mixins (barcode, action, report; settings when declared), filterable by ?mixin=", async () => {
    const list = (await w.call("GET", "/api/plugins/", undefined, "readonly")).body as { key: string; active: boolean; is_builtin: boolean; mixins: Record<string, { key: string }> }[];
    const mixins = Object.fromEntries(list.map((p) => [p.key, Object.keys(p.mixins).sort()]));
    expect(mixins).toMatchObject({ inventreebarcode: ["barcode", "settings"], echo: ["action"], "lcsc-qr": ["barcode"], "inventory-valuation": ["report"], "low-stock": ["action", "settings"] });
    // The app's getPlugins(mixin:) (lib/api.dart:376-392) over the active plugins it kept (:766-772).
    const barcode = (await w.call("GET", "/api/plugins/?mixin=barcode&active=true", undefined, "readonly")).body.map((p: { key: string }) => p.key);
    expect(barcode.sort()).toEqual(["inventreebarcode", "lcsc-qr"]);
    const wasmActions = (await w.call("GET", "/api/plugins/?mixin=action&builtin=false", undefined, "readonly")).body.map((p: { key: string }) => p.key);
    expect(wasmActions.sort()).toEqual(["echo", "low-stock"]);
    // The root's active_plugins: InvenTree's plugins_info shape ({name, slug, version}).
    const root = await w.call("GET", "/api/", undefined, null);
    expect(root.body.active_plugins.map((p: { slug: string }) => p.slug).sort()).toEqual(["echo", "inventory-valuation", "lcsc-qr", "low-stock"]);
    for (const p of root.body.active_plugins) expect(typeof p.name).toBe("string");
  });
});
