import { t, type TSchema } from "elysia";

/** `T | null`, as DRF serialises an optional relation or value. */
export const Nullable = <T extends TSchema>(s: T) => t.Union([s, t.Null()]);

/** A foreign key that may be null. */
export const NullablePk = t.Union([t.Integer({ minimum: 1 }), t.Null()]);

/**
 * The properties with `default`s, for CREATE bodies only: OPTIONS announces each default (the app's
 * forms send `value ?? default` for a field left untouched, inventree-app api_form.dart:1500, so a
 * boolean without one goes as null) and Elysia fills it in for a field left out. Never for PATCH or
 * PUT bodies: Elysia would fill the default into an update that left the field out, resetting it.
 */
export function withDefaults<P extends Record<string, TSchema>>(props: P, defaults: { [K in keyof P]?: unknown }): P {
  const out: Record<string, TSchema> = { ...props };
  for (const [name, value] of Object.entries(defaults)) if (value !== undefined && props[name]) out[name] = { ...props[name], default: value };
  return out as P;
}

/**
 * The properties without their `default`s (also Elysia's own, e.g. t.UnionEnum's first value), for
 * PATCH and PUT bodies derived from a create body: a field left out of an update must keep its value.
 */
export function withoutDefaults<P extends Record<string, TSchema>>(props: P): P {
  const out: Record<string, TSchema> = {};
  for (const [name, schema] of Object.entries(props)) {
    const { default: _default, ...rest } = schema;
    out[name] = rest as TSchema;
  }
  return out as P;
}
