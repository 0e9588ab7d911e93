#!/usr/bin/env bun
/**
 * Binventory's command line, also the compiled binary's entry:
 *   serve | migrate | seed | createsuperuser <username> [--email E] [--role R] | token <username> [name]
 *   | copy-db --from <url> --to <url>
 *   | plugin init|build|check|call|test … (plugin-sdk/cli; call and test run in the sandbox via bootstrap.ts)
 */
import { type Config, describeDatabase, loadConfig } from "./core/config.ts";
import type { Role } from "./core/auth.ts";
import { PLUGIN_PROCESS_COMMAND } from "./plugin-host/worker-protocol.ts";
import { SERVER_VERSION } from "./core/version.ts";

const USAGE = `binventory ${SERVER_VERSION}
usage: binventory <command>
  serve                         migrate, prepare and serve HTTP (default)
  migrate                       bring the database schema up to date (SQLite or PostgreSQL)
  copy-db --from <url> --to <url>
                                copy a whole database into an empty one (SQLite ⇄ PostgreSQL)
  seed                          add the demo dataset if the database has no inventory yet
  createsuperuser <username>    create a user (password from BINVENTORY_PASSWORD or stdin)
        [--email E] [--role readonly|staff|superuser]
  token <username> [name]       print a new API token for a user
  plugin init|build|check|call|test ...
                                write, build, check, call and test a plugin (binventory plugin help)
  version                       print the version`;

function fail(message: string): never {
  process.stderr.write(`binventory: ${message}\n`);
  process.exit(2);
}

async function readPassword(): Promise<string> {
  if (process.env.BINVENTORY_PASSWORD) return process.env.BINVENTORY_PASSWORD;
  const text = (await new Response(Bun.stdin.stream()).text()).split("\n")[0]?.trim() ?? "";
  if (!text) fail("no password: set BINVENTORY_PASSWORD or pipe one on stdin");
  return text;
}

async function main(argv: string[]): Promise<void> {
  const [command = "serve", ...rest] = argv;
  // Hidden: a plugin child process of a running server (server/plugin-host/executor-processes.ts).
  if (command === PLUGIN_PROCESS_COMMAND) return (await import("./plugin-bridge/process-entry.ts")).runPluginProcess();
  if (command === "--help" || command === "-h" || command === "help") return void console.log(USAGE);
  if (command === "version" || command === "--version") return void console.log(SERVER_VERSION);
  // A plugin author's tools: no database, no config.
  // `call` and `test` run the plugin in the server's sandbox (bootstrap.ts), loaded only for them.
  if (command === "plugin") {
    const { runPluginCli } = await import("../plugin-sdk/cli/index.ts");
    process.exit(await runPluginCli(rest, undefined, async (dir, options) => (await import("./bootstrap.ts")).openPluginRunnerFor(dir, options)));
  }
  if (command === "copy-db") process.exit(await (await import("./db/copy/cli.ts")).runCopyDbCli(rest));
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    fail((e as Error).message);
  }
  if (command === "migrate") {
    const { migrateDatabase } = await import("./db/migrate.ts");
    const applied = await migrateDatabase(config.database, { durability: config.durability }).catch((e: Error) => fail(`migrate ${describeDatabase(config.database)}: ${e.message}`));
    if (applied.length > 0) console.log(`applied ${applied.length} migration(s) to ${describeDatabase(config.database)}: ${applied.join(", ")}`);
    console.log(`database ${describeDatabase(config.database)} is up to date`);
    return;
  }
  // Loaded here, not at the top: a plugin process (above) starts without the HTTP app.
  const [{ createApp }, { openServices, prepareDatabase }, { seedDemoData }, { ROLES }, { createUser, findUserByName, issueToken }] = await Promise.all([
    import("./app.ts"),
    import("./bootstrap.ts"),
    import("./demo/seed.ts"),
    import("./core/auth.ts"),
    import("./modules/user/service.ts"),
  ]);
  const services = await openServices(config); // opening migrates
  switch (command) {
    case "seed": {
      const seeded = await seedDemoData(services.database);
      console.log(seeded ? `seeded: ${JSON.stringify(seeded)}` : "the database already holds inventory; nothing seeded");
      return void (await services.close());
    }
    case "createsuperuser": {
      const username = rest[0];
      if (!username || username.startsWith("--")) fail("createsuperuser needs a username");
      const flag = (name: string) => {
        const i = rest.indexOf(name);
        return i >= 0 ? rest[i + 1] : undefined;
      };
      const role = (flag("--role") ?? "superuser") as Role;
      if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(", ")}`);
      if (await findUserByName(services.database, username)) fail(`user ${username} already exists`);
      const password = await readPassword();
      if (password.length < 8) fail("the password must have at least 8 characters");
      const user = await createUser(services.database, { username, password, email: flag("--email") ?? "", role });
      console.log(`created ${user.role} ${user.username} (pk ${user.pk})`);
      return void (await services.close());
    }
    case "token": {
      const user = rest[0] ? await findUserByName(services.database, rest[0]) : undefined;
      if (!user) fail(`token needs an existing username`);
      console.log((await issueToken(services.database, user.id, rest[1] ?? "cli")).token);
      return void (await services.close());
    }
    case "serve": {
      const { generatedAdmin } = await prepareDatabase(services);
      await services.plugins.start();
      if (config.pluginsWatch) services.plugins.watch();
      const app = createApp(services);
      app.listen({ hostname: config.host, port: config.port, maxRequestBodySize: Math.max(config.maxBodyBytes, config.maxUploadBytes) });
      // Handlers before the banner: Bun installs them asynchronously, and whoever reads the
      // "listening on" line may signal at once.
      const stop = () => {
        app.stop();
        // Let plugin calls in flight finish, but never hang the shutdown on them.
        Promise.race([services.close(), Bun.sleep(3000)]).finally(() => process.exit(0));
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      const url = `http://${config.host}:${app.server?.port}`;
      if (generatedAdmin) {
        process.stdout.write(
          `\nA superuser was created for this new database. Its password is shown this once:\n  username: ${generatedAdmin.username}\n  password: ${generatedAdmin.password}\n(set BINVENTORY_ADMIN_USER / BINVENTORY_ADMIN_PASSWORD to choose your own)\n\n`,
        );
      }
      process.stdout.write(`Binventory ${SERVER_VERSION} listening on ${url} (database ${describeDatabase(config.database)})\n`);
      return;
    }
    default:
      fail(`unknown command ${command}\n${USAGE}`);
  }
}

await main(process.argv.slice(2));
