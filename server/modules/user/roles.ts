/**
 * InvenTree's role answer (users/serializers.py RoleSerializer), derived from our three roles.
 * InvenTree groups permissions into rulesets (users/ruleset.py); the app enables each feature from
 * `roles[<ruleset>]` (inventree-app lib/api.dart:782-826, lib/inventree/model.dart:221-265) and, at
 * API ≥ 207, from `permissions[<model>]` (lib/api.dart:748, 832-875).
 *
 * - readonly: view on every ruleset Binventory serves;
 * - staff: view/add/change/delete on parts, categories, stock, locations, orders and companies;
 * - superuser: all that, plus the admin ruleset (users, tokens, plugins, settings, templates).
 * `build` and `return_order` are not part of Binventory: null for everyone, as InvenTree answers a
 * ruleset without permissions, so the app hides them (a missing key would read as allowed).
 */
import type { Role } from "../../core/auth.ts";
import { roleRank } from "../../core/auth.ts";

const PERMISSIONS = ["view", "add", "change", "delete"] as const;
type Permission = (typeof PERMISSIONS)[number];

/** InvenTree's rulesets in its order, with the Django models each covers that Binventory has. */
const RULESETS: Record<string, { models: readonly string[]; served: boolean; admin?: true }> = {
  admin: { models: ["user", "group", "apitoken", "ruleset", "labeltemplate", "reporttemplate", "pluginconfig", "pluginsetting", "barcodescanresult"], served: true, admin: true },
  part_category: { models: ["partcategory"], served: true },
  part: { models: ["part", "parttesttemplate", "supplierpart", "manufacturerpart"], served: true },
  stock_location: { models: ["stocklocation"], served: true },
  stock: { models: ["stockitem", "stockitemtracking", "stockitemtestresult"], served: true },
  build: { models: [], served: false },
  purchase_order: { models: ["company", "manufacturerpart", "supplierpart", "purchaseorder", "purchaseorderlineitem", "purchaseorderextraline"], served: true },
  sales_order: { models: ["company", "salesorder", "salesorderallocation", "salesorderlineitem", "salesorderextraline", "salesordershipment"], served: true },
  return_order: { models: [], served: false },
};

function rulesetPermissions(role: Role, ruleset: (typeof RULESETS)[string]): Permission[] {
  if (!ruleset.served) return [];
  if (ruleset.admin) return role === "superuser" ? [...PERMISSIONS] : [];
  return roleRank(role) >= roleRank("staff") ? [...PERMISSIONS] : ["view"];
}

export interface RolesOut {
  user: number;
  username: string;
  roles: Record<string, Permission[] | null>;
  permissions: Record<string, Permission[]>;
  is_staff: boolean;
  is_superuser: boolean;
}

/** `GET /api/user/roles/` for a user. */
export function rolesFor(user: { id: number; username: string; role: Role }): RolesOut {
  const roles: RolesOut["roles"] = {};
  const permissions: Record<string, Set<Permission>> = {};
  for (const [name, ruleset] of Object.entries(RULESETS)) {
    const perms = rulesetPermissions(user.role, ruleset);
    roles[name] = perms.length ? perms : null;
    for (const model of ruleset.models) {
      const set = (permissions[model] ??= new Set());
      for (const p of perms) set.add(p);
    }
  }
  return {
    user: user.id,
    username: user.username,
    roles,
    // Only models with some permission appear, as InvenTree lists the user's Permission rows.
    permissions: Object.fromEntries(
      Object.entries(permissions)
        .filter(([, s]) => s.size > 0)
        .map(([m, s]) => [m, PERMISSIONS.filter((p) => s.has(p))]),
    ),
    is_staff: roleRank(user.role) >= roleRank("staff"),
    is_superuser: user.role === "superuser",
  };
}
