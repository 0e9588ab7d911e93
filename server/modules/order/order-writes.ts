/**
 * The writes purchase and sales orders share (InvenTree's order serializers and views): a
 * reference given or generated on create, an update under the order's row lock, a delete, a 404
 * when absent. Each kind brings what differs — its table, lock, validation and serialiser — as an
 * `OrderKindWrites`, defined beside the kind's own service (purchase-order.ts, sales-order.ts).
 */
import { eq } from "drizzle-orm";
import type { SQLiteInsertValue, SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import type { Reads, Writes } from "../../db/database.ts";
import { notFound } from "../../core/errors.ts";
import { purchaseOrders, salesOrders } from "../../db/tables.ts";
import { withoutAbsentFields } from "./model.ts";
import { generateReference, lockReferences, type ReferenceKind } from "./reference.ts";
import { insertWithReference } from "./reference-insert.ts";

type OrderTable = typeof purchaseOrders | typeof salesOrders;
/** The absent InvenTree fields (project code, responsible…) an input may name, dropped before a write. */
type AbsentFields = Parameters<typeof withoutAbsentFields>[0];

/**
 * One kind of order as the shared writes need it. `Input` is the kind's body schema (model.ts),
 * whose fields are its table's columns: the writes hand it to drizzle as the table's values.
 */
export interface OrderKindWrites<T extends OrderTable, Input extends { reference?: string }, Out> {
  reference: ReferenceKind;
  /** The kind's table, as db/tables.ts binds it now. */
  table: () => T;
  /** The status a new order starts in. */
  pending: number;
  /** The order row a write checks and changes, locked (locks.ts). */
  lock: (tx: Reads, id: number) => Promise<T["$inferSelect"] | undefined>;
  /** Field errors of `input` (the whole new order, or the fields changed of `existing`), thrown as a 400. */
  validate: (db: Reads, input: Input, existing?: T["$inferSelect"]) => Promise<void>;
  serialise: (db: Reads, rows: T["$inferSelect"][]) => Promise<Out[]>;
}

/**
 * POST: a new pending order made by `userId`. Without a reference, the next one from the kind's
 * pattern setting (generated and inserted in one transaction, retried on a clash).
 */
export function createOrder<T extends OrderTable, Input extends { reference?: string } & AbsentFields, Out>(
  db: Writes,
  kind: OrderKindWrites<T, Input, Out>,
  input: Omit<Input, "reference"> & { reference?: string | null },
  userId: number,
): Promise<Out> {
  const given = input.reference?.trim() || undefined;
  const values = { ...withoutAbsentFields(input), status: kind.pending, created_by: userId };
  return insertWithReference(db, kind.reference, given, (tx) => generateReference(tx, kind.reference), async (tx, reference) => {
    await kind.validate(tx, { ...values, reference } as unknown as Input);
    const [row] = await tx.q.insert(kind.table()).values({ ...values, reference } as unknown as SQLiteInsertValue<T>).returning();
    return (await kind.serialise(tx, [row as T["$inferSelect"]]))[0];
  });
}

/** PATCH/PUT: status and dates are changed only by the transition routes. */
export function updateOrder<T extends OrderTable, Input extends { reference?: string } & AbsentFields, Out>(db: Writes, kind: OrderKindWrites<T, Input, Out>, id: number, input: Input): Promise<Out> {
  return db.write(async (tx) => {
    const existing = await kind.lock(tx, id);
    if (!existing) throw notFound();
    let fields = withoutAbsentFields(input);
    if (fields.reference !== undefined) {
      fields = { ...fields, reference: fields.reference.trim() };
      await lockReferences(tx, kind.reference);
    }
    await kind.validate(tx, fields as Input, existing);
    if (Object.keys(fields).length === 0) return (await kind.serialise(tx, [existing]))[0];
    const table = kind.table();
    const [row] = await tx.q.update(table).set(fields as unknown as SQLiteUpdateSetSource<T>).where(eq(table.id, id)).returning();
    return (await kind.serialise(tx, [row as T["$inferSelect"]]))[0];
  });
}

/** DELETE: what hangs under the order goes with it (the schema's cascades). */
export async function deleteOrder(db: Writes, kind: Pick<OrderKindWrites<OrderTable, object, unknown>, "table">, id: number): Promise<void> {
  const res = await db.write((tx) => {
    const table = kind.table();
    return tx.q.delete(table).where(eq(table.id, id)).returning({ id: table.id });
  });
  if (res.length === 0) throw notFound();
}

/** GET one order or line: `find` it, 404 when absent, `serialise` it. */
export async function getOne<Row, Out>(db: Reads, find: (db: Reads, id: number) => Promise<Row | undefined>, serialise: (db: Reads, rows: Row[]) => Promise<Out[]>, id: number): Promise<Out> {
  const row = await find(db, id);
  if (!row) throw notFound();
  return (await serialise(db, [row]))[0];
}
