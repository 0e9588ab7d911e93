/** The baseline: a bare Bun.serve answering a small JSON object, nothing else in the request path. */
import { PAYLOAD } from "./payload.ts";

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: () => Response.json(PAYLOAD),
});
// Handlers before the banner: Bun installs them asynchronously.
const stop = () => {
  server.stop(true);
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdout.write(`bare Bun.serve listening on http://127.0.0.1:${server.port}\n`);
