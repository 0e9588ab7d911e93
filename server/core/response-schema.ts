import { type IntegerOptions, Type } from "@sinclair/typebox";

/**
 * An integer in a RESPONSE schema: TypeBox's plain Integer. Elysia's `t.Integer` is a transform
 * (it accepts numeric strings on input), and a single transform anywhere in a response schema
 * makes Elysia run TypeBox's dynamic `Value.Encode` over every answer, resolving each union with
 * a dynamic Check: several times the cost of the compiled check it runs otherwise. Body and query
 * schemas keep `t.Integer`.
 */
export const OutInt = (options?: IntegerOptions) => Type.Integer(options);
