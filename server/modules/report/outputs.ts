/** The data-output records (InvenTree's DataOutput): stored print results, each user's own. */
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { Reads, Writes } from "../../db/database.ts";
import { notFound } from "../../core/errors.ts";
import type { AuthUser } from "../../core/auth.ts";
import type { DataOutputListQueryIn, DataOutputOut } from "./model.ts";
import type { UserBrief } from "../user/model.ts";
import { userBriefColumns } from "../user/service.ts";
import { dataOutputs, ofBoundTables, users } from "../../db/tables.ts";

type OutputRow = Omit<typeof dataOutputs.$inferSelect, "data">;

export interface NewOutput {
  user: number | null;
  output_type: "report" | "label";
  template: string;
  template_name: string;
  plugin: string | null;
  format: string;
  total: number;
  output_name: string;
  content_type: string;
  data: Uint8Array;
}

/**
 * The download address of an output, ending in its file name: the app and the python library save
 * a download under the URL's last segment (`url.split("/").last`, `os.path.basename`).
 */
const downloadUrl = (pk: number, name: string) => `/api/data-output/${pk}/download/${encodeURIComponent(name)}`;

// Every column but the file, so lists never read the bytes.
const meta = ofBoundTables(() => ({
  id: dataOutputs.id,
  created: dataOutputs.created,
  user: dataOutputs.user,
  output_type: dataOutputs.output_type,
  template: dataOutputs.template,
  template_name: dataOutputs.template_name,
  plugin: dataOutputs.plugin,
  format: dataOutputs.format,
  total: dataOutputs.total,
  progress: dataOutputs.progress,
  complete: dataOutputs.complete,
  output_name: dataOutputs.output_name,
  content_type: dataOutputs.content_type,
  errors: dataOutputs.errors,
}));

function toOut(r: OutputRow, user: UserBrief | null): DataOutputOut {
  return {
    pk: r.id,
    created: r.created,
    user: r.user,
    user_detail: r.user !== null ? user : null,
    total: r.total,
    progress: r.progress,
    complete: r.complete,
    output_type: r.output_type,
    template: r.template,
    template_name: r.template_name,
    plugin: r.plugin,
    format: r.format,
    output_name: r.output_name,
    output: r.complete ? downloadUrl(r.id, r.output_name) : null,
    errors: r.errors,
  };
}

/** Stores a finished output (rendering is synchronous, so it is complete when written). */
export async function storeOutput(db: Writes, o: NewOutput): Promise<DataOutputOut> {
  return db.write(async (tx) => {
    const [row] = await tx.q
      .insert(dataOutputs)
      .values({ ...o, data: Buffer.from(o.data.buffer, o.data.byteOffset, o.data.byteLength), progress: o.total, complete: true })
      .returning(meta());
    const user = o.user === null ? null : ((await tx.q.select(userBriefColumns()).from(users).where(eq(users.id, o.user)).limit(1))[0] ?? null);
    return toOut(row as OutputRow, user);
  });
}

/** Superusers see every output, others their own (InvenTree scopes outputs the same way in its UI). */
const visible = (user: AuthUser): SQL | undefined => (user.role === "superuser" ? undefined : eq(dataOutputs.user, user.id));

const selectMeta = (db: Reads) => db.q.select({ o: meta(), user: userBriefColumns() }).from(dataOutputs).leftJoin(users, eq(users.id, dataOutputs.user)).$dynamic();

/** GET /api/data-output/: newest first, filter output_type. */
export async function listOutputs(db: Reads, q: DataOutputListQueryIn, user: AuthUser) {
  const where = and(visible(user), q.output_type ? eq(dataOutputs.output_type, q.output_type) : undefined);
  const [counted] = await db.q.select({ n: count() }).from(dataOutputs).where(where);
  let query = selectMeta(db).where(where).orderBy(desc(dataOutputs.id));
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total: counted?.n ?? 0, rows: (await query).map((r) => toOut(r.o, r.user)) };
}

/** One output the user may see; 404 otherwise (another user's output is not revealed). */
export async function getOutput(db: Reads, pk: number, user: AuthUser): Promise<DataOutputOut> {
  const [r] = await selectMeta(db).where(and(eq(dataOutputs.id, pk), visible(user))).limit(1);
  if (!r) throw notFound();
  return toOut(r.o, r.user);
}

/** The file of an output the user may see. */
export async function readOutputFile(db: Reads, pk: number, user: AuthUser): Promise<{ name: string; contentType: string; bytes: Uint8Array<ArrayBuffer> }> {
  const [r] = await db.q
    .select({ name: dataOutputs.output_name, type: dataOutputs.content_type, data: dataOutputs.data })
    .from(dataOutputs)
    .where(and(eq(dataOutputs.id, pk), visible(user)))
    .limit(1);
  if (!r) throw notFound();
  return { name: r.name, contentType: r.type, bytes: new Uint8Array(r.data) };
}

/** Deletes an output the user may see. */
export async function deleteOutput(db: Writes, pk: number, user: AuthUser): Promise<void> {
  const gone = await db.write((tx) => tx.q.delete(dataOutputs).where(and(eq(dataOutputs.id, pk), visible(user))).returning({ id: dataOutputs.id }));
  if (!gone.length) throw notFound();
}
