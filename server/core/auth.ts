/**
 * Who is calling and what they may do, as every layer sees it. The user module implements
 * Authenticator over the database (modules/user/service.ts); app wiring puts it on AppContext, so
 * http/'s auth macro checks credentials without importing a module.
 */

/** Roles, weakest first: read-only may read, staff may change stock and orders, superuser everything. */
export const ROLES = ["readonly", "staff", "superuser"] as const;
export type Role = (typeof ROLES)[number];

/** A user who made a request, as the rest of the server sees them. */
export interface AuthUser {
  id: number;
  username: string;
  role: Role;
}

export const roleRank = (role: Role): number => ROLES.indexOf(role);
export const hasRole = (user: AuthUser, needed: Role): boolean => roleRank(user.role) >= roleRank(needed);

/** Checks credentials; null when they match no active user. */
export interface Authenticator {
  /** `Authorization: Token <key>` (or Bearer): the token's active, unexpired owner. */
  token(key: string): Promise<AuthUser | null>;
  /** HTTP Basic: the active user with this username and password. */
  password(username: string, password: string): Promise<AuthUser | null>;
}
