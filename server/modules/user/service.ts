import { refuseDuplicate } from "../../db/dialect.ts";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import type { Database, ReadQueries, Reads, Writes } from "../../db/database.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { type Authenticator, type AuthUser, type Role, roleRank } from "../../core/auth.ts";
import { fieldError, notFound } from "../../core/errors.ts";
import { type PageRequest } from "../../core/pagination.ts";
import { searchCondition } from "../../db/query.ts";
import type { UserOut } from "./model.ts";
import { databaseUnavailable } from "../../core/unavailable.ts";
import type { UserBrief } from "./model.ts";
import { apiTokens, ofBoundTables, users } from "../../db/tables.ts";

type UserRow = typeof users.$inferSelect;

const TOKEN_LIFETIME_DAYS = 365;

/** The columns that select a UserBriefSchema from `users` (joined or on its own). */
export const userBriefColumns = ofBoundTables(() => ({ pk: users.id, username: users.username, first_name: users.first_name, last_name: users.last_name, email: users.email }) satisfies Record<keyof UserBrief, unknown>);

const sha256 = (s: string) => new Bun.CryptoHasher("sha256").update(s).digest("hex");

function toUserOut(u: UserRow): UserOut {
  return {
    pk: u.id,
    username: u.username,
    email: u.email,
    first_name: u.first_name,
    last_name: u.last_name,
    role: u.role,
    is_staff: roleRank(u.role) >= roleRank("staff"),
    is_superuser: u.role === "superuser",
    is_active: u.is_active,
    date_joined: u.date_joined,
    last_login: u.last_login,
  };
}

function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, { algorithm: "argon2id" });
}

export interface NewUser {
  username: string;
  password: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  role?: Role;
  is_active?: boolean;
}

const usernameTaken = async (db: Reads, username: string) => (await db.q.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1)).length > 0;
const usernameTakenError = () => fieldError("username", "A user with that username already exists.");

export async function createUser(db: Writes, input: NewUser): Promise<UserOut> {
  // Checked before hashing (a taken name answers at once) and again in the transaction that
  // inserts, so two concurrent requests for one name give one user and one 400, never a 500.
  if (await usernameTaken(db, input.username)) throw usernameTakenError();
  // Hashed outside the transaction: the writer is never held for the ~50 ms of argon2.
  const password_hash = await hashPassword(input.password);
  return db.write(async (tx) => {
    if (await usernameTaken(tx, input.username)) throw usernameTakenError();
    // On PostgreSQL a concurrent request can insert the name between that check and this insert
    // (READ COMMITTED): the unique index then refuses it, and the client gets the same 400.
    const [row] = await refuseDuplicate(tx.q.insert(users).values({ ...input, password_hash, role: input.role ?? "readonly" }).returning(), "user_username_unique", usernameTakenError);
    return toUserOut(row as UserRow);
  });
}

/** Active superusers other than `id`; the guard below runs it inside the write transaction. */
async function otherActiveSuperusers(db: Reads, id: number): Promise<number> {
  const [row] = await db.q.select({ n: count() }).from(users).where(and(eq(users.role, "superuser"), eq(users.is_active, true), ne(users.id, id)));
  return row?.n ?? 0;
}

/**
 * The last active superuser may not stop being one: demoted (`role`), deactivated (`is_active`) or
 * deleted, nobody could administer users and plugins any more. Checked in the transaction that
 * writes, which holds the writer from its start (db.write), so two concurrent
 * demotions of the last two superusers cannot both pass the count.
 */
async function guardLastSuperuser(db: Reads, existing: UserRow, next: { role: Role; is_active: boolean } | null): Promise<void> {
  if (existing.role !== "superuser" || !existing.is_active) return;
  if (next && next.role === "superuser" && next.is_active) return;
  if ((await otherActiveSuperusers(db, existing.id)) > 0) return;
  if (!next) throw fieldError("pk", "The last active superuser cannot be deleted.");
  if (next.role !== "superuser") throw fieldError("role", "The last active superuser cannot be demoted.");
  throw fieldError("is_active", "The last active superuser cannot be deactivated.");
}

const userById = async (db: Reads, id: number): Promise<UserRow | undefined> => (await db.q.select().from(users).where(eq(users.id, id)).limit(1))[0];

export async function updateUser(db: Writes, id: number, input: Partial<NewUser>): Promise<UserOut> {
  const { password, ...rest } = input;
  // Hashed before the transaction: the writer is never held for the ~50 ms of argon2.
  const password_hash = password !== undefined ? await hashPassword(password) : undefined;
  return db.write(async (tx) => {
    const existing = await userById(tx, id);
    if (!existing) throw notFound();
    if (rest.username && rest.username !== existing.username && (await usernameTaken(tx, rest.username))) throw usernameTakenError();
    await guardLastSuperuser(tx, existing, { role: rest.role ?? existing.role, is_active: rest.is_active ?? existing.is_active });
    const changes: Partial<UserRow> = { ...rest };
    if (password_hash !== undefined) changes.password_hash = password_hash;
    if (Object.keys(changes).length === 0) return toUserOut(existing);
    const [row] = await tx.q.update(users).set(changes).where(eq(users.id, id)).returning();
    return toUserOut(row as UserRow);
  });
}

export async function deleteUser(db: Writes, id: number, actor: AuthUser): Promise<void> {
  if (id === actor.id) throw fieldError("pk", "You cannot delete your own account.");
  await db.write(async (tx) => {
    const existing = await userById(tx, id);
    if (!existing) throw notFound();
    await guardLastSuperuser(tx, existing, null);
    await tx.q.delete(users).where(eq(users.id, id));
  });
}

export async function getUser(db: Reads, id: number): Promise<UserOut> {
  const row = await userById(db, id);
  if (!row) throw notFound();
  return toUserOut(row);
}

export async function listUsers(db: Reads, q: PageRequest & { search?: string; is_active?: boolean }) {
  const conds = [];
  conds.push(searchCondition(q.search, [users.username, users.email, users.first_name, users.last_name]));
  if (q.is_active !== undefined) conds.push(eq(users.is_active, q.is_active));
  const where = conds.length ? and(...conds) : undefined;
  const [counted] = await db.q.select({ n: count() }).from(users).where(where);
  let query = db.q.select().from(users).where(where).orderBy(asc(users.id)).$dynamic();
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total: counted?.n ?? 0, rows: (await query).map(toUserOut) };
}

/** Username + password check for HTTP Basic; inactive users are refused like wrong passwords. */
async function authenticatePassword(db: Reads, username: string, password: string): Promise<AuthUser | null> {
  const row = await findUserByName(db, username);
  if (!row || !row.is_active) {
    // Spend the same time as a real check so usernames cannot be probed by timing.
    await Bun.password.verify(password, await dummyHash()).catch(() => false);
    return null;
  }
  if (!(await Bun.password.verify(password, row.password_hash))) return null;
  return { id: row.id, username: row.username, role: row.role };
}
// Made on first use, not with a top-level await: a module with one never answers messages posted
// to a Bun Worker that imports it before the await settles (the plugin workers do).
let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= Bun.password.hash("binventory-timing-equaliser", { algorithm: "argon2id" }));

/** The token lookup runs on every request: prepared once per database, it skips drizzle's query building (~45 µs). */
const tokenLookup = preparedPerDb((q: ReadQueries) =>
  q
    .select({ id: users.id, username: users.username, role: users.role, is_active: users.is_active, expiry: apiTokens.expiry, revoked: apiTokens.revoked, tokenId: apiTokens.id, last_seen: apiTokens.last_seen })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.user_id))
    .where(eq(apiTokens.key_hash, sql.placeholder("hash")))
    .prepare(),
);

/** Looks up an API token by its key; expired or revoked tokens and inactive users are refused. */
async function authenticateToken(db: Database, key: string, now = new Date()): Promise<AuthUser | null> {
  const row = await tokenLookup(db.q).get({ hash: sha256(key) });
  if (!row || row.revoked || !row.is_active) return null;
  if (row.expiry && new Date(row.expiry) <= now) return null;
  // Record use at most once a minute: a write per request would serialise every reader on SQLite's lock.
  const stamp = now.toISOString();
  // Skipped while another write transaction is open: a request never waits behind writes for it
  // (the next request records it).
  if ((!row.last_seen || now.getTime() - new Date(row.last_seen).getTime() > 60_000) && !db.writing) {
    try {
      await db.write((tx) => tx.q.update(apiTokens).set({ last_seen: stamp }).where(eq(apiTokens.id, row.tokenId)));
    } catch (e) {
      // Best effort: a busy or full database must not refuse a request over a last-seen stamp.
      if (!databaseUnavailable(e)) throw e;
    }
  }
  return { id: row.id, username: row.username, role: row.role };
}

/**
 * A token name as InvenTree keeps it (users/models.py ApiToken.sanitize_name): the app names its
 * token after the device (`inventree-mobile-app-android-<name>-<model>-<version>`,
 * inventree-app lib/api.dart:570-596), which can be long or hold spaces.
 */
export function sanitizeTokenName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = name.trim().replace(/[\u0000-\u001f\u007f]/g, "").replace(/<[^>]*>/g, "").replaceAll(" ", "-").slice(0, 100);
  return clean || "default";
}

/** Issues a new token (InvenTree style `inv-…` key); only its hash is kept, so the key is shown once. */
export async function issueToken(db: Writes, userId: number, name: string, now = new Date()) {
  const key = `inv-${Buffer.from(crypto.getRandomValues(new Uint8Array(20))).toString("hex")}`;
  const expiry = new Date(now.getTime() + TOKEN_LIFETIME_DAYS * 86400_000).toISOString().slice(0, 10);
  await db.write(async (tx) => {
    await tx.q.insert(apiTokens).values({ user_id: userId, key_hash: sha256(key), prefix: key.slice(0, 10), name, expiry });
    await tx.q.update(users).set({ last_login: now.toISOString() }).where(eq(users.id, userId));
  });
  return { token: key, name, expiry };
}

export async function listTokens(db: Reads, userId: number, now = new Date()) {
  const rows = await db.q.select().from(apiTokens).where(eq(apiTokens.user_id, userId)).orderBy(asc(apiTokens.id));
  return rows.map((r) => ({
      pk: r.id,
      name: r.name,
      token: `${r.prefix}…`,
      created: r.created,
      expiry: r.expiry,
      last_seen: r.last_seen,
      revoked: r.revoked,
      active: !r.revoked && (!r.expiry || new Date(r.expiry) > now),
    }));
}

export async function revokeToken(db: Writes, userId: number, tokenId: number): Promise<void> {
  const res = await db.write((tx) =>
    tx.q
      .update(apiTokens)
      .set({ revoked: true })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.user_id, userId)))
      .returning({ id: apiTokens.id }),
  );
  if (res.length === 0) throw notFound();
}

export async function countUsers(db: Reads): Promise<number> {
  const [row] = await db.q.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function findUserByName(db: Reads, username: string): Promise<UserRow | undefined> {
  return (await db.q.select().from(users).where(eq(users.username, username)).limit(1))[0];
}

/** The Authenticator of AppContext (core/auth.ts) over this database's users and tokens. */
export function createAuthenticator(db: Database): Authenticator {
  return {
    token: (key) => authenticateToken(db, key),
    password: (username, password) => authenticatePassword(db, username, password),
  };
}
