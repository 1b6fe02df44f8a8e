/**
 * `email-auth-audit plan --org FILE` (exit 0 when the audit over the changes has no error but
 * those a manual step covers, 1 otherwise, 2 on usage errors), and `audit --baseline FILE` /
 * `--write-baseline FILE`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { planSchema } from "../../src/plan/schema.ts";
import type { Plan } from "../../src/plan/types.ts";
import { dkimKey } from "../rules/rule-tester.ts";
import { cli, workdir } from "./harness.ts";

let dir: string;
let remove: () => void;
beforeAll(() => ({ dir, remove } = workdir()));
afterAll(() => remove());

const contoso = ["plan", "--org", "org.json", "--resolver", "fixture:dns.json"];

describe("plan --org", () => {
  it("prints the text plan of the example and exits 0 (no error left after the changes)", async () => {
    const r = await cli(contoso, { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ · fix plan for Contoso · .*\nResult: CLEAN · /);
    expect(r.stdout).toContain("Changes (publish each RRset whole");
  });

  it.each([
    ["json", (out: string) => expect(lazyValidator(planSchema)(JSON.parse(out))).toEqual([])],
    ["markdown", (out: string) => expect(out).toMatch(/^## email-auth-audit: fix plan for Contoso: ✅ CLEAN/)],
    [
      "zone",
      (out: string) => expect(out).toMatch(/^contoso\.example\. 3600 IN TXT "v=spf1 ip4:198\.51\.100\.0\/28 ip4:203/m),
    ],
  ])("--format %s", async (format, check) => {
    const r = await cli([...contoso, "--format", format], { cwd: dir });
    expect(r.code).toBe(0);
    check(r.stdout);
  });

  it("writes to --output and passes --rua, --flatten and --dkim-keys to plan()", async () => {
    writeFileSync(
      join(dir, "keys.json"),
      JSON.stringify({ "relay2025._domainkey.contoso.example": dkimKey(2048).join("") }),
    );
    const seen: object[] = [];
    const r = await cli(
      [
        ...contoso,
        "--rua",
        "mailto:dmarc@reports.example.net",
        "--flatten",
        "--dkim-keys",
        "keys.json",
        "-o",
        "plan.json",
        "-f",
        "json",
      ],
      {
        cwd: dir,
        plan: async (org, options) => {
          seen.push({ rua: options.rua, flatten: options.flatten, keys: Object.keys(options.dkimKeys ?? {}) });
          const { plan } = await import("../../src/plan/plan.ts");
          return plan(org, options);
        },
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(seen).toEqual([
      { rua: "mailto:dmarc@reports.example.net", flatten: true, keys: ["relay2025._domainkey.contoso.example"] },
    ]);
    expect((JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as Plan).kind).toBe("plan");
  });

  it("exits 1 when errors remain after the changes (changes that conflict)", async () => {
    writeFileSync(
      join(dir, "conflict-org.json"),
      JSON.stringify({
        version: 1,
        domains: [{ name: "example.com" }],
        providers: [{ id: "mc", catalog: "mailchimp" }],
        paths: [
          {
            id: "news",
            from: ["example.com"],
            via: { provider: "mc" },
            dkim: [{ domain: "example.com", selector: "k2" }],
          },
        ],
      }),
    );
    writeFileSync(
      join(dir, "conflict-dns.json"),
      JSON.stringify({
        version: 1,
        records: {
          "example.com": { TXT: ["v=spf1 -all"] },
          "_dmarc.example.com": { TXT: ["v=DMARC1; p=none; rua=mailto:r@example.com"] },
          "k2._domainkey.example.com": { TXT: ["hello"], A: ["192.0.2.1"] },
          "dkim2.mcsv.net": { TXT: [dkimKey(2048)] },
        },
      }),
    );
    const r = await cli(["plan", "--org", "conflict-org.json", "--resolver", "fixture:conflict-dns.json"], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Result: UNRESOLVED/);
    expect(r.stdout).toMatch(/Conflicts \(RFC 2181 §10\.1\)/);
  });

  it.each([
    [
      "a --rua that is not one mailto: URI",
      [...contoso, "--rua", "https://x.example"],
      /--rua must be one mailto: URI/,
    ],
    ["an unknown format", [...contoso, "--format", "sarif"], /argument 'sarif' is invalid/],
    ["no --org", ["plan", "--resolver", "fixture:dns.json"], /required option '--org <file>' not specified/],
    [
      "a DKIM keys file that is not a map of key names",
      [...contoso, "--dkim-keys", "org.json"],
      /must name <selector>\._domainkey\.<domain>/,
    ],
    [
      "an unknown rule id",
      [...contoso, "--rules", "spf-mising"],
      /unknown rule id: spf-mising \(did you mean "spf-missing"\?\)/,
    ],
  ])("exits 2 on %s", async (_what, argv, message) => {
    const r = await cli(argv, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("exits 2 on an invalid description, with each problem", async () => {
    writeFileSync(
      join(dir, "bad.json"),
      JSON.stringify({
        version: 1,
        domains: [{ name: "example.com", accept: [{ rule: "nope-rule", reason: "x" }] }],
        paths: [],
      }),
    );
    const r = await cli(["plan", "--org", "bad.json", "--resolver", "fixture:dns.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /bad\.json is not a valid organisation description \(1 problem\):\n {2}\$\.domains\[0\]\.accept\[0\]\.rule: unknown rule id "nope-rule"/,
    );
  });
});

describe("audit --baseline / --write-baseline", () => {
  it("writes a baseline; with it, the same findings no longer fail the run", async () => {
    const first = await cli(
      ["audit", "--org", "org.json", "--resolver", "fixture:dns.json", "--write-baseline", "baseline.json"],
      {
        cwd: dir,
        audit,
      },
    );
    expect(first.code).toBe(1);
    const baseline = JSON.parse(readFileSync(join(dir, "baseline.json"), "utf8")) as {
      kind: string;
      findings: unknown[];
    };
    expect(baseline.kind).toBe("email-auth-audit-baseline");
    expect(baseline.findings.length).toBeGreaterThan(0);
    const again = await cli(
      [
        "audit",
        "--org",
        "org.json",
        "--resolver",
        "fixture:dns.json",
        "--baseline",
        "baseline.json",
        "--fail-on",
        "info",
      ],
      {
        cwd: dir,
        audit,
      },
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/\(in baseline\)/);
  });

  it("exits 2 on a file that is not a baseline", async () => {
    const r = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json", "--baseline", "org.json"], {
      cwd: dir,
      audit,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: org\.json: not a baseline file: /);
  });
});
