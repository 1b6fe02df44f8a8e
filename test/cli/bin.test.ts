import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BULK_V8_FLAGS, isBulkRun, needsBulkHeap, RESPAWNED_ENV } from "../../src/cli/bulk-heap.ts";
import { EXAMPLE_DIR, workdir } from "./harness.ts";

/** The real executable: `node src/cli/bin.ts ...` in a child process. */
const MAIN = resolve(import.meta.dirname, "../../src/cli/bin.ts");
const VERSION = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string }
).version;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function bin(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--no-warnings", MAIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

let dir: string;
let remove: () => void;
beforeAll(() => ({ dir, remove } = workdir()));
afterAll(() => remove());

describe("the email-auth-audit executable", () => {
  it("--help lists the commands and the exit codes, exit 0", async () => {
    const r = await bin(["--help"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: email-auth-audit \[options\] \[command\]/);
    expect(r.stdout).toMatch(/\n {2}audit \[options\] +audit an organisation description against DNS\n/);
    expect(r.stdout).toMatch(
      /\n {2}check \[options\] \[domains\.\.\.\] +check domains with no organisation description\n/,
    );
    expect(r.stdout).toMatch(
      /\n {2}init \[options\] +draft an organisation description from Exchange\n +exports or DMARC reports\n/,
    );
    expect(r.stdout).toContain("2  usage or input error");
    expect(r.stderr).toBe("");
  });

  it.each([
    [
      "audit",
      [
        "--org <file>",
        "--format <format>",
        "--fail-on <severity>",
        "--resolver <spec>",
        "--record <file>",
        "--catalog <file>",
        "--rules <ids>",
        "--disable-rule <id>",
        "--timeout <ms>",
        "--output <file>",
        "--exchange <dir>",
      ],
    ],
    ["init", ["--exchange <dir>", "--output <file>", "--name <name>", "--resolver <spec>", "--timeout <ms>"]],
    [
      "check",
      [
        "--domains-file <file>",
        "--concurrency <n>",
        "--selector <name>",
        "--format <format>",
        "--fail-on <severity>",
        "--resolver <spec>",
        "--record <file>",
      ],
    ],
  ])("%s --help documents its flags, exit 0", async (command, flags) => {
    const r = await bin([command, "--help"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: email-auth-audit ${command} `));
    for (const flag of flags) expect(r.stdout).toContain(flag);
  });

  it("--version prints the package version, exit 0", async () => {
    for (const flag of ["--version", "-v"]) {
      const r = await bin([flag], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${VERSION}\n`);
    }
  });

  it.each([
    [[], /Usage: email-auth-audit/],
    [["frobnicate"], /error: unknown command 'frobnicate'/],
    [["audit"], /error: required option '--org <file>' not specified/],
    [["audit", "--org", "org.json", "--bogus"], /error: unknown option '--bogus'/],
    [
      ["audit", "--org", "org.json", "--format", "xml"],
      /argument 'xml' is invalid. Allowed choices are text, json, markdown, sarif, html/,
    ],
    [
      ["audit", "--org", "org.json", "--fail-on", "critical"],
      /argument 'critical' is invalid. Allowed choices are error, warning, info/,
    ],
    [["audit", "--org", "missing.json"], /error: cannot read the organisation file missing\.json: no such file/],
    [["audit", "--org", "broken.json"], /error: broken\.json is not valid JSON/],
    [["check"], /error: give at least one domain, or --domains-file FILE/],
    [["check", "a.example", "--concurrency", "0"], /argument '0' is invalid. must be a whole number from 1 to 1000/],
    [["check", "a.example", "--timeout", "soon"], /argument 'soon' is invalid/],
    [
      ["check", "a.example", "--resolver", "carrier-pigeon"],
      /is not one of: system, HOST\[:PORT\] \(UDP\), udp:\/\/HOST/,
    ],
    [["check", "a.example", "--resolver", "fixture:nope.json"], /error: --resolver fixture:nope\.json: no such file/],
    [["check", "not_a domain"], /is not a domain name/],
  ])("usage and input errors exit 2: %j", async (args, message) => {
    writeFileSync(join(dir, "broken.json"), "{ nope");
    const r = await bin(args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

/** End to end through the real audit on the bundled Contoso example, offline. */
describe("audit end to end (real audit, recorded DNS)", () => {
  it("audits the Contoso example: exit 1, the smart host error and its fix in the text report", async () => {
    const r = await bin(
      ["audit", "--org", join(EXAMPLE_DIR, "org.json"), "--resolver", `fixture:${join(EXAMPLE_DIR, "dns.json")}`],
      dir,
      { NO_COLOR: "1" },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("onprem-via-relay");
    expect(r.stdout).toContain("203.0.113.25");
    expect(r.stdout).toMatch(/Errors \(\d+\)/);
  });
});

describe("check end to end (real check, recorded DNS)", () => {
  it("checks contoso-old.example (a parked domain) and contoso.example with a shared fixture", async () => {
    const r = await bin(
      [
        "check",
        "contoso.example",
        "contoso-old.example",
        "--resolver",
        `fixture:${join(EXAMPLE_DIR, "dns.json")}`,
        "--format",
        "json",
      ],
      dir,
    );
    // contoso.example has warnings only (p=none, an unauthorised rua); contoso-old.example is locked down.
    expect(r.code).toBe(0);
    const bulk = JSON.parse(r.stdout) as { entries: { domain: string; status: string }[] };
    expect(bulk.entries.map((e) => `${e.domain}:${e.status}`)).toEqual([
      "contoso.example:checked",
      "contoso-old.example:checked",
    ]);
  });
});

describe("a long bulk run starts again with a bounded young generation (bulk-heap.ts)", () => {
  it.each([
    [["check", "--domains-file", "d.txt"], true],
    [["check", "--domains-file=d.txt", "-f", "jsonl"], true],
    [["--no-color", "worker", "--redis", "redis://h"], true],
    [["check", "a.example", "b.example"], false],
    [["audit", "--org", "o.json"], false],
    [["reports", "import", "reports/"], true],
    [["reports", "summary", "--db", "r.db"], false],
  ])("%j is a bulk run: %s", (args, bulk) => {
    expect(isBulkRun(args)).toBe(bulk);
    expect(needsBulkHeap(args, [], {})).toBe(bulk);
  });

  it("not again in the child, nor when the flag is already given", () => {
    const args = ["check", "--domains-file", "d.txt"];
    expect(needsBulkHeap(args, [], { [RESPAWNED_ENV]: "1" })).toBe(false);
    expect(needsBulkHeap(args, ["--max-semi-space-size=4"], {})).toBe(false);
    expect(BULK_V8_FLAGS).toEqual(["--max-semi-space-size=8"]);
  });

  it("the child writes what the run would write, exits with its code, and a usage error is still exit 2", async () => {
    writeFileSync(join(dir, "bulk-list.txt"), "contoso.example\ncontoso-old.example\n");
    const fixture = `fixture:${join(EXAMPLE_DIR, "dns.json")}`;
    const r = await bin(["check", "--domains-file", "bulk-list.txt", "--resolver", fixture, "-f", "jsonl"], dir);
    const lines = r.stdout.trim().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { domain: string }).domain).sort()).toEqual([
      "contoso-old.example",
      "contoso.example",
    ]);
    expect(r.stderr).toMatch(/checked 2 domains in/);
    // The same run without the second process (as the child itself runs): the same code and lines.
    const direct = await bin(["check", "--domains-file", "bulk-list.txt", "--resolver", fixture, "-f", "jsonl"], dir, {
      [RESPAWNED_ENV]: "1",
    });
    expect(r.code).toBe(direct.code);
    // Each domain's status and findings (times and durations differ from run to run).
    const strip = (t: string) =>
      t
        .trim()
        .split("\n")
        .map((l) => {
          const x = JSON.parse(l) as { domain: string; status: string; report?: { findings: { ruleId: string }[] } };
          return `${x.domain} ${x.status} ${(x.report?.findings ?? []).map((f) => f.ruleId).join(",")}`;
        })
        .sort();
    expect(strip(r.stdout)).toEqual(strip(direct.stdout));
    const bad = await bin(["check", "--domains-file", "missing.txt", "--resolver", fixture], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: cannot read the domains file missing\.txt/m);
  });
});
