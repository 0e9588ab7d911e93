import { Type } from "@sinclair/typebox";

/** The user a call is made for; null for calls the server makes on its own. */
export const CallUser = Type.Union([Type.Object({ pk: Type.Integer(), username: Type.String(), role: Type.String() }), Type.Null()]);
