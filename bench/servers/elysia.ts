/**
 * Elysia with nothing of Binventory: what the framework itself costs over bare Bun.serve.
 * GET /json answers the payload; POST /items validates a TypeBox body and echoes it.
 */
import { Elysia, t } from "elysia";
import { PAYLOAD } from "./payload.ts";

const ItemBody = t.Object({
  part: t.Integer({ minimum: 1 }),
  location: t.Optional(t.Integer({ minimum: 1 })),
  quantity: t.Number({ exclusiveMinimum: 0 }),
  batch: t.Optional(t.String({ maxLength: 100 })),
  notes: t.Optional(t.String({ maxLength: 1000 })),
});

const app = new Elysia()
  .get("/json", () => PAYLOAD)
  .post("/items", ({ body }) => ({ pk: 1, ...body, status: 10 }), { body: ItemBody })
  .listen({ hostname: "127.0.0.1", port: 0 });

const stop = () => {
  app.stop();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdout.write(`Elysia listening on http://127.0.0.1:${app.server?.port}\n`);
