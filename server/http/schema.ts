import { t, type TSchema } from "elysia";

/** `T | null`, as DRF serialises an optional relation or value. */
export const Nullable = <T extends TSchema>(s: T) => t.Union([s, t.Null()]);

/** A foreign key that may be null. */
export const NullablePk = t.Union([t.Integer({ minimum: 1 }), t.Null()]);
