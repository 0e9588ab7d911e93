import { t, type Static } from "elysia";
import { ROLES } from "../../core/auth.ts";
import { withoutDefaults } from "../../core/schema.ts";

const RoleSchema = t.UnionEnum(ROLES, { description: "readonly < staff < superuser" });

/** A user as the API shows it: InvenTree's field names plus our role. */
export const UserSchema = t.Object({
  pk: t.Integer(),
  username: t.String(),
  email: t.String(),
  first_name: t.String(),
  last_name: t.String(),
  role: RoleSchema,
  is_staff: t.Boolean(),
  is_superuser: t.Boolean(),
  is_active: t.Boolean(),
  date_joined: t.String(),
  last_login: t.Union([t.String(), t.Null()]),
});
export type UserOut = Static<typeof UserSchema>;

/** A user in another object's `*_detail` field (InvenTree's UserSerializer). */
export const UserBriefSchema = t.Object({ pk: t.Integer(), username: t.String(), first_name: t.String(), last_name: t.String(), email: t.String() });
export type UserBrief = Static<typeof UserBriefSchema>;

export const UserCreateBody = t.Object({
  username: t.String({ minLength: 1, maxLength: 150, pattern: "^[\\w.@+-]+$" }),
  password: t.String({ minLength: 8, maxLength: 256 }),
  email: t.Optional(t.String({ maxLength: 254 })),
  first_name: t.Optional(t.String({ maxLength: 150 })),
  last_name: t.Optional(t.String({ maxLength: 150 })),
  role: t.Optional(RoleSchema),
  is_active: t.Optional(t.Boolean()),
});

/** PATCH: without defaults (t.UnionEnum defaults `role` to its first value): a PATCH leaving `role` out keeps it. */
export const UserUpdateBody = t.Partial(t.Object(withoutDefaults(UserCreateBody.properties)));

export const TokenQuery = t.Object({
  name: t.Optional(t.String({ maxLength: 1000, description: "Token name; trimmed, spaces become '-', cut to 100 characters (as InvenTree's ApiToken.sanitize_name)" })),
});

export const TokenResponse = t.Object({
  token: t.String(),
  name: t.String(),
  expiry: t.Union([t.String(), t.Null()]),
});

export const TokenInfo = t.Object({
  pk: t.Integer(),
  name: t.String(),
  token: t.String({ description: "The key's first characters; the full key is shown only once." }),
  created: t.String(),
  expiry: t.Union([t.String(), t.Null()]),
  last_seen: t.Union([t.String(), t.Null()]),
  revoked: t.Boolean(),
  active: t.Boolean(),
});

const Perms = t.Array(t.UnionEnum(["view", "add", "change", "delete"]));

/** InvenTree's RoleSerializer: `roles` by ruleset (null: none), `permissions` by model. */
export const RolesSchema = t.Object({
  user: t.Integer(),
  username: t.String(),
  roles: t.Record(t.String(), t.Union([Perms, t.Null()])),
  permissions: t.Record(t.String(), Perms),
  is_staff: t.Boolean(),
  is_superuser: t.Boolean(),
});
