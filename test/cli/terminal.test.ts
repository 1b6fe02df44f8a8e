import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import type { OutStream } from "../../src/cli/deps.ts";
import { colorWanted, forceColor, outputWidth } from "../../src/cli/terminal.ts";
import { displayWidth } from "../../src/report/text-width.ts";
import { cli, workdir } from "./harness.ts";

const terminal: OutStream = { write: () => true, isTTY: true, columns: 132 };
const pipe: OutStream = { write: () => true, isTTY: false };

describe("colours: flag, then FORCE_COLOR, then NO_COLOR, then whether it is a terminal", () => {
  it.each([
    // [stream, env, flag, expected]
    [terminal, {}, undefined, true],
    [pipe, {}, undefined, false],
    [terminal, { NO_COLOR: "1" }, undefined, false],
    [terminal, { NO_COLOR: "" }, undefined, true],
    [pipe, { FORCE_COLOR: "1" }, undefined, true],
    [pipe, { FORCE_COLOR: "3" }, undefined, true],
    [pipe, { FORCE_COLOR: "true" }, undefined, true],
    [pipe, { FORCE_COLOR: "yes" }, undefined, true],
    [pipe, { FORCE_COLOR: "" }, undefined, false],
    [terminal, { FORCE_COLOR: "0" }, undefined, false],
    [terminal, { FORCE_COLOR: "false" }, undefined, false],
    // FORCE_COLOR is a per-run request, NO_COLOR a standing preference: FORCE_COLOR wins, as in Node.
    [pipe, { FORCE_COLOR: "1", NO_COLOR: "1" }, undefined, true],
    [terminal, { FORCE_COLOR: "0", NO_COLOR: "" }, undefined, false],
    // The command line wins over both.
    [pipe, { FORCE_COLOR: "0" }, true, true],
    [terminal, { FORCE_COLOR: "1" }, false, false],
  ] as const)("%#: %j %j flag %s -> %s", (stream, env, flag, expected) => {
    expect(colorWanted(stream, env, flag)).toBe(expected);
  });

  it("reads FORCE_COLOR as Node does (empty: no say)", () => {
    expect(
      [undefined, "", "0", "false", "FALSE", "1", "2", "always"].map((v) => forceColor({ FORCE_COLOR: v })),
    ).toEqual([undefined, undefined, false, false, false, true, true, true]);
  });
});

describe("width: COLUMNS, then the terminal's, then 100", () => {
  it.each([
    [terminal, {}, 132],
    [pipe, {}, 100],
    [pipe, { COLUMNS: "72" }, 72],
    [terminal, { COLUMNS: "72" }, 72],
    [terminal, { COLUMNS: "" }, 132],
    [pipe, { COLUMNS: "wide" }, 100],
    [pipe, { COLUMNS: "0" }, 100],
    [{ write: () => true, isTTY: true, columns: 0 }, {}, 100],
  ] as const)("%#: %j %j -> %s", (stream, env, expected) => {
    expect(outputWidth(stream, env)).toBe(expected);
  });
});

describe("audit's text report at the terminal's width", () => {
  let dir: string;
  let remove: () => void;
  beforeAll(() => {
    ({ dir, remove } = workdir());
  });
  afterAll(() => remove());
  const args = ["audit", "--org", "org.json", "--resolver", "fixture:dns.json"];
  const widest = (text: string) => Math.max(...text.split("\n").map(displayWidth));

  it("fits a 72-column terminal, and is coloured there", async () => {
    const r = await cli(args, { cwd: dir, audit, stdoutTTY: true, stdoutColumns: 72 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("\u001b[");
    expect(widest(r.stdout)).toBeLessThanOrEqual(72);
  });

  it("uses 100 columns and no colour through a pipe; FORCE_COLOR colours it and COLUMNS sets the width", async () => {
    const piped = await cli(args, { cwd: dir, audit });
    expect(piped.stdout).not.toContain("\u001b[");
    expect(widest(piped.stdout)).toBe(100);
    const forced = await cli(args, { cwd: dir, audit, env: { FORCE_COLOR: "1", COLUMNS: "60" } });
    expect(forced.stdout).toContain("\u001b[31m");
    expect(widest(forced.stdout)).toBeLessThanOrEqual(60);
  });

  it("writes a file at 100 columns (or COLUMNS), never coloured", async () => {
    const r = await cli([...args, "-o", "report.txt"], { cwd: dir, audit, stdoutTTY: true, stdoutColumns: 40 });
    expect(r.stdout).toBe("");
    const text = readFileSync(join(dir, "report.txt"), "utf8");
    expect(text).not.toContain("\u001b[");
    expect(widest(text)).toBe(100);
  });
});
