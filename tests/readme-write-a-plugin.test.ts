/**
 * README "Write a plugin" promises: from an empty folder, five commands take an author from
 * nothing to a plugin that passes its tests. This runs exactly the commands printed there (read
 * from the README, `binventory` being `bun server/main.ts`), for each of Rust, AssemblyScript, C
 * and WAT, in an empty temporary folder outside the checkout.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { childEnv } from "./support/process.ts";

const ROOT = join(import.meta.dir, "..");
const MAIN = join(ROOT, "server", "main.ts");
const work = mkdtempSync(join(tmpdir(), "binventory-readme-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The indented command lines of the README's "Write a plugin" section, comments cut off. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Write a plugin"));
  const block = section.slice(0, section.indexOf("\n\n", section.indexOf("\n    ")));
  return block
    .split("\n")
    .filter((l) => l.startsWith("    "))
    .map((l) => l.replace(/#.*$/, "").trim());
}

describe("README: Write a plugin", () => {
  const commands = readmeCommands();

  test("is five commands: init, cd, build, test, call", () => {
    expect(commands.map((c) => c.split(" ").slice(0, 3).join(" "))).toEqual([
      "binventory plugin init",
      "cd acme-labels",
      "binventory plugin build",
      "binventory plugin test",
      "binventory plugin call",
    ]);
    expect(commands[0]).toContain("--lang rust");
  });

  for (const lang of ["rust", "as", "c", "wat"]) {
    test(`run as printed, with --lang ${lang}, from an empty folder: the plugin's tests pass`, async () => {
      let cwd = mkdtempSync(join(work, `${lang}-`));
      const outputs: string[] = [];
      for (const line of commands.map((c) => c.replace("--lang rust", `--lang ${lang}`))) {
        const [cmd, ...args] = line.split(/\s+/);
        if (cmd === "cd") {
          cwd = resolve(cwd, args[0]);
          continue;
        }
        expect(cmd).toBe("binventory");
        const proc = Bun.spawn([process.execPath, MAIN, ...args], { cwd, env: childEnv({}), stdin: "ignore", stdout: "pipe", stderr: "pipe" });
        const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
        if (code !== 0) throw new Error(`\`${line}\` exited ${code}:\n${stdout}${stderr}`);
        outputs.push(stdout + stderr);
      }
      const [, build, tested, called] = outputs;
      expect(build).toMatch(/acme-labels \(\w+\): built in/);
      expect(tested).toContain("2 passed, 0 failed");
      // `call` without --input takes the first fixture case: the label matches.
      expect(called).toContain('"match": true');
      expect(called).toContain("fuel used:");
    }, 120_000);
  }
});
