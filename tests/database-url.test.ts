/** BINVENTORY_DATABASE_URL and BINVENTORY_DB, as loadConfig reads them (issue 12). */
import { describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { loadConfig } from "../server/core/config.ts";

const database = (env: Record<string, string>) => loadConfig(env).database;

describe("the database a configuration names", () => {
  test("nothing set: the default SQLite file", () => {
    expect(database({})).toEqual({ kind: "sqlite", path: resolve("./data/binventory.sqlite") });
  });

  test("BINVENTORY_DB keeps working as a plain path, and as :memory:", () => {
    expect(database({ BINVENTORY_DB: "some/dir/x.sqlite" })).toEqual({ kind: "sqlite", path: resolve("some/dir/x.sqlite") });
    expect(loadConfig({ BINVENTORY_DB: "some/dir/x.sqlite" }).dbPath).toBe(resolve("some/dir/x.sqlite"));
    expect(database({ BINVENTORY_DB: ":memory:" })).toEqual({ kind: "sqlite", path: ":memory:" });
  });

  test("sqlite: URLs, relative and absolute, and plain paths in BINVENTORY_DATABASE_URL", () => {
    expect(database({ BINVENTORY_DATABASE_URL: "sqlite:./a.sqlite" })).toEqual({ kind: "sqlite", path: resolve("a.sqlite") });
    expect(database({ BINVENTORY_DATABASE_URL: "sqlite:///srv/b.sqlite" })).toEqual({ kind: "sqlite", path: "/srv/b.sqlite" });
    expect(database({ BINVENTORY_DATABASE_URL: "sqlite:/srv/c.sqlite" })).toEqual({ kind: "sqlite", path: "/srv/c.sqlite" });
    expect(database({ BINVENTORY_DATABASE_URL: "/srv/d.sqlite" })).toEqual({ kind: "sqlite", path: "/srv/d.sqlite" });
  });

  test("postgres:// and postgresql:// are PostgreSQL, kept as written; the URL wins over BINVENTORY_DB", () => {
    const url = "postgres://bv:s3cret@db.example:5433/inventory?sslmode=require";
    expect(database({ BINVENTORY_DATABASE_URL: url, BINVENTORY_DB: "ignored.sqlite" })).toEqual({ kind: "postgres", url });
    expect(database({ BINVENTORY_DATABASE_URL: "postgresql://db/inv" })).toEqual({ kind: "postgres", url: "postgresql://db/inv" });
  });

  test("a URL it cannot use is refused by name, without echoing a password", () => {
    expect(() => database({ BINVENTORY_DATABASE_URL: "mysql://u:pw@h/db" })).toThrow('unsupported database URL scheme "mysql:"');
    expect(() => database({ BINVENTORY_DATABASE_URL: "sqlite:" })).toThrow("a sqlite: URL needs a path");
    expect(() => database({ BINVENTORY_DATABASE_URL: "postgres://u:topsecret@" })).toThrow("not a valid PostgreSQL URL: postgres://u:***@");
    expect(() => database({ BINVENTORY_DATABASE_URL: "postgres:///db" })).toThrow("a PostgreSQL URL needs a host");
  });
});
