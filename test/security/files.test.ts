/**
 * Output files (issue 18 §3): `-o` and `--record` never follow a symbolic link to overwrite
 * something else, never overwrite an input of the same run, and replace a file through a temporary
 * one renamed into place; a refusal exits 2 before any DNS question. Invalid `--selector` values
 * and unknown rule ids exit 2.
 */
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditOptions, CheckOptions } from "../../src/audit/api.ts";
import { writeOutput } from "../../src/cli/safe-write.ts";
import { cli, workdir } from "../cli/harness.ts";
import { checkReport, sampleReport } from "../report/samples.ts";

let dir: string;
let remove: () => void;
let calls: number;
const audit = async (_org: unknown, _options: AuditOptions) => {
  calls++;
  return sampleReport();
};
beforeEach(() => {
  ({ dir, remove } = workdir());
  calls = 0;
  writeFileSync(join(dir, "victim.txt"), "precious\n");
});
afterEach(() => remove());

const run = (...args: string[]) =>
  cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json", ...args], { cwd: dir, audit });
const victim = () => readFileSync(join(dir, "victim.txt"), "utf8");

describe("-o and --record refuse to overwrite what they should not (exit 2, before the audit)", () => {
  it.each([
    [
      "-o through a symbolic link",
      ["-o", "link.txt"],
      "refusing to write link.txt: it is a symbolic link (write to the file itself, or remove the link)",
    ],
    [
      "--record through a symbolic link",
      ["--record", "link.txt"],
      "refusing to write link.txt: it is a symbolic link (write to the file itself, or remove the link)",
    ],
  ])("%s", async (_name, args, message) => {
    symlinkSync(join(dir, "victim.txt"), join(dir, "link.txt"));
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${message}\n`);
    expect(victim()).toBe("precious\n");
    expect(lstatSync(join(dir, "link.txt")).isSymbolicLink()).toBe(true);
    expect(calls).toBe(0);
  });

  it("refuses a dangling symbolic link too (it would create the file it points at)", async () => {
    symlinkSync(join(dir, "elsewhere.txt"), join(dir, "dangling.txt"));
    const r = await run("-o", "dangling.txt");
    expect(r.stderr).toBe(
      "error: refusing to write dangling.txt: it is a symbolic link to nothing (write to the file itself, or remove the link)\n",
    );
    expect(readdirSync(dir)).not.toContain("elsewhere.txt");
  });

  it("refuses to overwrite the organisation file, the replayed fixture or the catalog, by any name", async () => {
    writeFileSync(join(dir, "catalog.json"), "[]");
    linkSync(join(dir, "org.json"), join(dir, "hard-link.json"));
    mkdirSync(join(dir, "sub"));
    const before = readFileSync(join(dir, "org.json"), "utf8");
    const cases: [string[], string][] = [
      [["-o", "org.json"], `refusing to write org.json: it is an input of this run (${join(dir, "org.json")})`],
      [
        ["-o", "sub/../org.json"],
        `refusing to write sub/../org.json: it is an input of this run (${join(dir, "org.json")})`,
      ],
      [
        ["-o", "hard-link.json"],
        `refusing to write hard-link.json: it is the same file as an input of this run (${join(dir, "org.json")})`,
      ],
      [["--record", "dns.json"], `refusing to write dns.json: it is an input of this run (${join(dir, "dns.json")})`],
      [
        ["--catalog", "catalog.json", "-o", "catalog.json"],
        `refusing to write catalog.json: it is an input of this run (${join(dir, "catalog.json")})`,
      ],
      [
        ["-o", "out.txt", "--record", "out.txt"],
        "refusing to write out.txt twice: two outputs of this run name the same file",
      ],
      [["-o", "sub"], "cannot write sub: it is a folder"],
    ];
    for (const [args, message] of cases) {
      const r = await run(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toBe(`error: ${message}\n`);
    }
    expect(readFileSync(join(dir, "org.json"), "utf8")).toBe(before);
    expect(calls).toBe(0);
  });
});

describe("-o and --record write through a temporary file renamed into place", () => {
  it("replaces an existing report, keeps its mode, and leaves no temporary file", async () => {
    const out = join(dir, "report.txt");
    writeFileSync(out, "old report\n");
    chmodSync(out, 0o640);
    const inode = statSync(out).ino;
    const r = await run("-o", "report.txt", "--record", "recorded.json");
    expect(r.code).toBe(1);
    expect(readFileSync(out, "utf8")).toMatch(/^email-auth-audit /);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(statSync(out).ino).not.toBe(inode);
    expect(JSON.parse(readFileSync(join(dir, "recorded.json"), "utf8"))).toMatchObject({ version: 1 });
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("writes to a device in place (-o /dev/null)", async () => {
    const r = await run("-o", "/dev/null");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
  });

  it("checks again when writing: a link planted during the run is refused, its target untouched", async () => {
    symlinkSync(join(dir, "victim.txt"), join(dir, "late.txt"));
    await expect(writeOutput(join(dir, "late.txt"), "late.txt", "attack", [])).rejects.toThrow(
      "refusing to write late.txt: it is a symbolic link",
    );
    expect(victim()).toBe("precious\n");
  });

  it("says why a folder that does not exist cannot be written", async () => {
    const r = await run("-o", "no/such/folder/report.txt");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: cannot write no/such/folder/report.txt: its folder does not exist\n");
  });
});

describe("flags that name nothing valid exit 2", () => {
  const checkDomain = async (domain: string, _options: CheckOptions) => {
    calls++;
    return checkReport(domain);
  };
  it.each([["bad selector"], ["a/b"], ["x".repeat(64)], [""], ["ok,bad one"]])("--selector %j", async (selector) => {
    const r = await cli(["check", "a.example", "--selector", selector], { cwd: dir, checkDomain });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: option '--selector <name>' argument '.*' is invalid\. /);
    expect(calls).toBe(0);
  });

  it("accepts valid selectors, several and repeated", async () => {
    let seen: readonly string[] | undefined;
    const r = await cli(["check", "a.example", "--selector", "s2024,sel-1", "--selector", "k_2"], {
      cwd: dir,
      checkDomain: async (domain, options) => {
        seen = options.selectors;
        return checkReport(domain);
      },
    });
    expect(r.stderr).toBe("");
    expect(seen).toEqual(["s2024", "sel-1", "k_2"]);
  });

  it("check --rules nope exits 2 (as documented), before checking", async () => {
    const r = await cli(["check", "a.example", "--rules", "nope"], { cwd: dir, checkDomain });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown rule id: nope\n");
    expect(calls).toBe(0);
  });
});
