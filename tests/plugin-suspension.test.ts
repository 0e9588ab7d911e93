import { describe, expect, test } from "bun:test";
import { Suspension } from "../server/plugin-host/suspension.ts";

function clocked() {
  let now = 1_000_000;
  const s = new Suspension(undefined, () => now);
  return { s, advance: (ms: number) => (now += ms) };
}

describe("suspension", () => {
  test("5 consecutive failures suspend for 30 s, naming why", () => {
    const { s } = clocked();
    for (let i = 0; i < 4; i++) s.recordFailure("trap", "boom");
    expect(s.suspended).toBe(false);
    s.recordFailure("trap", "boom");
    expect(s.suspended).toBe(true);
    expect(s.reason).toBe("suspended for 30 s (offence 1) after 5 consecutive failures, last: trap: boom");
  });

  test("alternating trap / ok is suspended too (it never was: every success reset the count)", () => {
    const { s } = clocked();
    let calls = 0;
    while (!s.suspended && calls < 100) {
      s.recordFailure("trap", "boom");
      if (!s.suspended) s.recordSuccess();
      calls += 2;
    }
    expect(s.suspended).toBe(true);
    expect(calls).toBeLessThanOrEqual(14);
    expect(s.reason).toContain("repeated failures mixed with successes");
  });

  test("one good trial call does not wipe the record: the next failures suspend again, for longer", () => {
    const { s, advance } = clocked();
    for (let i = 0; i < 5; i++) s.recordFailure("budget", "spin");
    advance(30_001);
    expect(s.suspended).toBe(false);
    s.recordSuccess(); // the trial passes
    expect(s.suspended).toBe(false);
    s.recordFailure("budget", "spin");
    expect(s.suspended).toBe(false);
    s.recordFailure("budget", "spin"); // two failures, not five, and the back-off doubled
    expect(s.suspended).toBe(true);
    expect(s.reason).toMatch(/^suspended for 1 min \(offence 2\)/);
  });

  test("a failed trial suspends at once, escalating up to 30 min", () => {
    const { s, advance } = clocked();
    for (let i = 0; i < 5; i++) s.recordFailure("trap", "x");
    const backoffs: number[] = [];
    for (let i = 0; i < 8; i++) {
      const until = s.suspendedUntil ?? 0;
      advance(until - 1_000_000 - backoffs.reduce((a, b) => a + b, 0) + 1);
      backoffs.push(until - (1_000_000 + backoffs.reduce((a, b) => a + b, 0)));
      s.recordFailure("trap", "x");
      expect(s.suspended).toBe(true);
      expect(s.reason).toContain("trial call");
    }
    expect(s.suspensions).toBe(9);
    expect(s.reason).toMatch(/^suspended for 30 min \(offence 9\)/);
  });

  test("the offence level decays slowly: one level per 100 successes in a row", () => {
    const { s, advance } = clocked();
    for (let i = 0; i < 5; i++) s.recordFailure("trap", "x");
    advance(31_000);
    for (let i = 0; i < 99; i++) s.recordSuccess();
    expect(s.suspensions).toBe(1);
    s.recordSuccess();
    expect(s.suspensions).toBe(0);
    expect(s.strikes).toBe(0);
  });

  test("failures that are not the plugin's fault do not count", () => {
    const { s } = clocked();
    for (let i = 0; i < 10; i++) s.recordFailure("unavailable", "worker gone");
    expect(s.suspended).toBe(false);
    expect(s.strikes).toBe(0);
  });
});
