/**
 * `init --exchange DIR` and `audit --exchange DIR` in-process: what is written where, the reader's
 * problems on standard error, the exit codes, and refusals (no folder, nothing readable, an output
 * that is one of the inputs). DNS from a fixture file.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { HYBRID_DNS } from "../exchange/hybrid/dns.ts";
import { HYBRID_DIR } from "../exchange/hybrid/generate.ts";
import { cli } from "./harness.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "eaa-init-"));
  cpSync(join(HYBRID_DIR, "json"), join(dir, "exports"), { recursive: true });
  writeFileSync(join(dir, "dns.json"), JSON.stringify(HYBRID_DNS));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fixture = ["--resolver", "fixture:dns.json"];

/** UTF-16 LE with a byte-order mark, as Windows PowerShell 5.1 writes with `>`. */
function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

describe("init --exchange", () => {
  it("writes the description to standard output, the summary to standard error, exit 0", async () => {
    const r = await cli(["init", "--exchange", "exports", ...fixture], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Organisation description derived from Exchange exports by email-auth-audit\.\n/);
    expect(r.stdout).toContain("  - name: news.contoso.example\n");
    expect(r.stderr).toMatch(
      /^Wrote the organisation description to standard output: 2 domains, 1 smart host, 4 paths\./,
    );
  });

  it("writes -o through a temporary file renamed into place, and the file audits", async () => {
    const r = await cli(["init", "--exchange", "exports", "-o", "org.yaml", "--name", "Contoso Ltd", ...fixture], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(readFileSync(join(dir, "org.yaml"), "utf8")).toMatch(/\nname: Contoso Ltd\n/);
    const a = await cli(["audit", "--org", "org.yaml", "--exchange", "exports", "--format", "json", ...fixture], {
      cwd: dir,
      audit,
    });
    const report = JSON.parse(a.stdout) as AuditReport;
    expect(report.org.name).toBe("Contoso Ltd");
    expect(report.findings.filter((f) => f.ruleId === "exchange-open-relay-domain").length).toBe(1);
  });

  it("lists the reader's problems, errors first, and exits 1 when it still wrote a description", async () => {
    writeFileSync(join(dir, "exports", "onprem", "notes.txt"), "Get-SendConnector | Format-List\n");
    writeFileSync(join(dir, "exports", "onprem", "broken.json"), utf16('{ "Name": "x", "AddressSpaces": '));
    const r = await cli(["init", "--exchange", "exports", "-o", "org.yaml", ...fixture], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n");
    expect(lines[0]).toBe("The Exchange exports were read with 1 error and 1 warning:");
    expect(lines[1]).toBe(
      "  error: onprem/broken.json: onprem/broken.json is not valid JSON (Unexpected end of JSON input); truncated or edited?",
    );
    expect(lines[2]).toBe(
      "  warning: onprem/notes.txt: onprem/notes.txt is neither XML nor JSON, so not an Exchange export; it is skipped",
    );
    expect(lines[3]).toMatch(/^Wrote the organisation description to org\.yaml/);
    expect(existsSync(join(dir, "org.yaml"))).toBe(true);
  });

  it.each([
    [["init"], /init needs exactly one source: --exchange DIR or --from-reports DB/],
    [["init", "--exchange", "nowhere", ...fixture], /^error: --exchange nowhere: no such folder\n$/],
    [["init", "--exchange", "dns.json", ...fixture], /^error: --exchange dns\.json: not a folder/],
    [["init", "--exchange", "exports", "--resolver", "smtp://x"], /is not one of: system/],
  ])("%j is a usage error (exit 2), nothing written", async (argv, message) => {
    const r = await cli(argv, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  it("refuses to overwrite one of the exports, which stays as it was", async () => {
    const input = join(dir, "exports", "onprem", "GetSendConnector.json");
    const before = readFileSync(input);
    const r = await cli(["init", "--exchange", "exports", "-o", "exports/onprem/GetSendConnector.json", ...fixture], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: refusing to write exports/onprem/GetSendConnector.json: it is an input of this run (${input})\n`,
    );
    expect(readFileSync(input).equals(before)).toBe(true);
  });

  it("refuses to write over the exports folder itself", async () => {
    const r = await cli(["init", "--exchange", "exports", "-o", "exports", ...fixture], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: refusing to write exports: it is the exports folder\n");
  });

  it("exits 2 when nothing can be read, or no domain is found", async () => {
    const empty = join(dir, "empty");
    cpSync(join(dir, "exports", "onprem", "GetSendConnector.json"), join(empty, "GetSendConnector.json"));
    writeFileSync(join(dir, "junk.txt"), "");
    const none = await cli(["init", "--exchange", "empty", ...fixture], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /error: no organisation description could be made from empty: no domain of the organisation was read/,
    );
    rmSync(empty, { recursive: true });
    const nothing = join(dir, "nothing");
    cpSync(join(dir, "junk.txt"), join(nothing, "junk.txt"));
    const r = await cli(["init", "--exchange", "nothing", ...fixture], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\nerror: no Exchange export could be read from nothing /);
  });
});

describe("audit --exchange", () => {
  it("reads an org file and a DNS fixture written in UTF-16 (decodeText), and reports the reader's problems", async () => {
    const init = await cli(["init", "--exchange", "exports", ...fixture], { cwd: dir });
    writeFileSync(join(dir, "org16.yaml"), utf16(init.stdout));
    writeFileSync(join(dir, "dns16.json"), utf16(JSON.stringify(HYBRID_DNS)));
    writeFileSync(join(dir, "exports", "extra.xml"), "<Objs");
    const r = await cli(
      ["audit", "--org", "org16.yaml", "--exchange", "exports", "--resolver", "fixture:dns16.json", "--format", "json"],
      { cwd: dir, audit },
    );
    expect(r.stderr).toMatch(/^The Exchange exports were read with 1 error:\n {2}error: extra\.xml: /);
    const report = JSON.parse(r.stdout) as AuditReport;
    expect(report.paths.length).toBe(6);
    expect(report.findings.map((f) => f.ruleId)).toContain("exchange-connector-tls-policy-none");
  });

  it("a missing exports folder is a usage error before anything is asked", async () => {
    writeFileSync(
      join(dir, "org.json"),
      JSON.stringify({ version: 1, domains: [{ name: "contoso.example" }], paths: [] }),
    );
    const r = await cli(["audit", "--org", "org.json", "--exchange", "missing", ...fixture], { cwd: dir, audit });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: --exchange missing: no such folder\n");
  });
});
