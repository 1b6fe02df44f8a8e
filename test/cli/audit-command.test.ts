import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify as toYaml } from "yaml";
import type { AuditOptions } from "../../src/audit/api.ts";
import { reportSchema } from "../../src/audit/report-schema.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { DohResolver } from "../../src/dns/doh.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { formatText } from "../../src/report/text.ts";
import { cleanReport, infoOnlyReport, sampleReport, withSeverities } from "../report/samples.ts";
import { cli, workdir } from "./harness.ts";

let dir: string;
let remove: () => void;
beforeAll(() => ({ dir, remove } = workdir()));
afterAll(() => remove());

/** A fake audit that remembers what it got and returns `report`. */
function fakeAudit(report: AuditReport | (() => AuditReport) = sampleReport) {
  const calls: { org: unknown; options: AuditOptions }[] = [];
  const audit = async (org: unknown, options: AuditOptions) => {
    calls.push({ org, options });
    return typeof report === "function" ? report() : report;
  };
  return { audit, calls };
}

const orgJson = () => JSON.parse(readFileSync(join(dir, "org.json"), "utf8")) as unknown;

describe("audit --org", () => {
  it("loads the org file, calls audit() with the resolver, prints the text report, and exits 1 on an error finding", async () => {
    const { audit, calls } = fakeAudit();
    const r = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json"], { cwd: dir, audit });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(formatText(sampleReport()));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.org).toEqual(orgJson());
    expect(calls[0]!.options.resolver).toBeInstanceOf(FixtureResolver);
    expect(calls[0]!.options.rules).toEqual({});
    expect(calls[0]!.options.catalog).toBeUndefined();
  });

  it("loads a YAML org file the same way", async () => {
    writeFileSync(join(dir, "org.yaml"), toYaml(orgJson()));
    const { audit, calls } = fakeAudit();
    const r = await cli(["audit", "--org", "org.yaml", "--resolver", "fixture:dns.json"], { cwd: dir, audit });
    expect(r.code).toBe(1);
    expect(calls[0]!.org).toEqual(orgJson());
  });

  it.each([
    ["no finding", cleanReport, [], 0],
    ["warnings, default --fail-on error", () => withSeverities("warning"), [], 0],
    ["warnings, --fail-on warning", () => withSeverities("warning"), ["--fail-on", "warning"], 1],
    ["warnings, --fail-on info", () => withSeverities("warning"), ["--fail-on", "info"], 1],
    ["info only, --fail-on warning", infoOnlyReport, ["--fail-on", "warning"], 0],
    ["info only, --fail-on info", infoOnlyReport, ["--fail-on", "info"], 1],
    ["an error, --fail-on warning", sampleReport, ["--fail-on", "warning"], 1],
  ] as const)("exit code: %s", async (_name, report, flags, code) => {
    const { audit } = fakeAudit(report);
    const r = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json", ...flags], {
      cwd: dir,
      audit,
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(code);
  });

  it("prints every problem of an invalid org file with its JSON path, and exits 2", async () => {
    const orgError = Object.assign(new Error("invalid organisation"), {
      problems: [
        { path: "$.paths[0].via", message: "must have exactly one of smartHost, provider, direct" },
        { path: "$.providers[1].catalog", message: 'unknown catalog id "sendgird"' },
      ],
    });
    const r = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json"], {
      cwd: dir,
      audit: async () => Promise.reject(orgError),
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      'error: org.json is not a valid organisation description (2 problems):\n  $.paths[0].via: must have exactly one of smartHost, provider, direct\n  $.providers[1].catalog: unknown catalog id "sendgird"\n',
    );
  });

  it.each([
    ["missing file", "nope.json", "", /cannot read the organisation file nope\.json: no such file/],
    ["bad JSON", "bad.json", '{"version": 1,', /bad\.json is not valid JSON/],
    ["bad YAML", "bad.yaml", "version: 1\n  name: [oops", /bad\.yaml is not valid YAML/],
  ])("exits 2 on an unreadable org file (%s) without calling audit()", async (_name, file, content, message) => {
    if (content !== "") writeFileSync(join(dir, file), content);
    const { audit, calls } = fakeAudit();
    const r = await cli(["audit", "--org", file, "--resolver", "fixture:dns.json"], { cwd: dir, audit });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it("exits 2 when the audit itself fails", async () => {
    const r = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json"], {
      cwd: dir,
      audit: async () => Promise.reject(new RangeError("something broke")),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: the audit of org.json failed: something broke\n");
  });

  it("refuses unknown rule ids (with a suggestion) and an empty --rules before asking DNS, exit 2", async () => {
    const { audit, calls } = fakeAudit(cleanReport);
    const typo = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json", "--rules", "spf-mising"], {
      cwd: dir,
      audit,
    });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('error: unknown rule id: spf-mising (did you mean "spf-missing"?)\n');
    const empty = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json", "--rules", " , "], {
      cwd: dir,
      audit,
    });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--rules names no rule/);
    const disabled = await cli(
      ["audit", "--org", "org.json", "--resolver", "fixture:dns.json", "--disable-rule", "nope"],
      { cwd: dir, audit },
    );
    expect(disabled.code).toBe(2);
    expect(calls).toHaveLength(0);
  });

  it("exits 2 when the audit could not see, whatever its findings", async () => {
    const blind = {
      ...cleanReport(),
      summary: {
        ...cleanReport().summary,
        blind: { reason: "every DNS question about contoso.example failed", domains: ["contoso.example"] },
      },
    };
    const r = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json"], {
      cwd: dir,
      audit: fakeAudit(() => blind).audit,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: the audit could not see: every DNS question about contoso\.example failed\. Its verdicts are unknown/,
    );
  });

  it("passes --rules, --disable-rule, --catalog and --max-queries to audit()", async () => {
    writeFileSync(join(dir, "catalog.json"), JSON.stringify([{ id: "acme-mail", name: "Acme Mail" }]));
    const { audit, calls } = fakeAudit(cleanReport);
    const r = await cli(
      [
        "audit",
        "--org",
        "org.json",
        "--resolver",
        "fixture:dns.json",
        "--rules",
        "spf-missing,dmarc-missing",
        "--rules",
        "spf-ptr",
        "--disable-rule",
        "dns-temperror",
        "--disable-rule",
        "spf-syntax,dkim-key-weak",
        "--catalog",
        "catalog.json",
        "--max-queries",
        "50",
      ],
      { cwd: dir, audit },
    );
    expect(r.code).toBe(0);
    expect(calls[0]!.options.rules).toEqual({
      only: ["spf-missing", "dmarc-missing", "spf-ptr"],
      disable: ["dns-temperror", "spf-syntax", "dkim-key-weak"],
    });
    expect(calls[0]!.options.catalog).toEqual([{ id: "acme-mail", name: "Acme Mail" }]);
    expect(calls[0]!.options.maxQueries).toBe(50);
  });

  it("rejects a catalog file that is not a JSON array", async () => {
    writeFileSync(join(dir, "catalog-object.json"), JSON.stringify({ id: "x" }));
    const r = await cli(
      ["audit", "--org", "org.json", "--resolver", "fixture:dns.json", "--catalog", "catalog-object.json"],
      { cwd: dir, audit: fakeAudit().audit },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("catalog-object.json: a catalog file is a JSON array of provider entries");
  });

  it("builds the resolver --resolver names, with --timeout", async () => {
    const { audit, calls } = fakeAudit(cleanReport);
    await cli(["audit", "--org", "org.json", "--resolver", "udp://127.0.0.1:5300", "--timeout", "250"], {
      cwd: dir,
      audit,
    });
    await cli(["audit", "--org", "org.json", "--resolver", "tcp://[::1]"], { cwd: dir, audit });
    await cli(["audit", "--org", "org.json", "--resolver", "doh://https://dns.example/dns-query"], { cwd: dir, audit });
    const [udp, tcp, doh] = calls.map((c) => c.options.resolver);
    expect(udp).toBeInstanceOf(DnsResolver);
    expect((udp as DnsResolver).servers).toEqual([{ host: "127.0.0.1", port: 5300 }]);
    expect((tcp as DnsResolver).servers).toEqual([{ host: "::1", port: 53 }]);
    expect(doh).toBeInstanceOf(DohResolver);
    expect((doh as DohResolver).url).toBe("https://dns.example/dns-query");
  });

  it.each(["json", "sarif", "markdown", "html"] as const)("prints --format %s", async (format) => {
    const r = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json", "--format", format], {
      cwd: dir,
      audit: fakeAudit().audit,
    });
    expect(r.code).toBe(1);
    if (format === "json") expect(lazyValidator(reportSchema)(JSON.parse(r.stdout))).toEqual([]);
    if (format === "sarif") {
      const log = JSON.parse(r.stdout) as {
        runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      };
      expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe("org.json");
    }
    if (format === "markdown") expect(r.stdout).toMatch(/^## email-auth-audit: audit of Contoso/);
    if (format === "html") expect(r.stdout).toContain('<svg id="paths-diagram"');
  });

  it("writes --output FILE and nothing to standard output", async () => {
    const r = await cli(
      ["audit", "--org", "org.json", "--resolver", "fixture:dns.json", "--output", "report.md", "-f", "markdown"],
      { cwd: dir, audit: fakeAudit().audit },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(readFileSync(join(dir, "report.md"), "utf8")).toMatch(/^## email-auth-audit: audit of Contoso/);
  });

  it("colours the text report only on a terminal without NO_COLOR, unless --color/--no-color say otherwise", async () => {
    const colours = async (stdoutTTY: boolean, env: Record<string, string>, flags: string[] = []) => {
      const r = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json", ...flags], {
        cwd: dir,
        audit: fakeAudit().audit,
        stdoutTTY,
        env,
      });
      return r.stdout.includes("\u001b[");
    };
    expect(await colours(true, {})).toBe(true);
    expect(await colours(false, {})).toBe(false);
    expect(await colours(true, { NO_COLOR: "1" })).toBe(false);
    expect(await colours(true, { NO_COLOR: "" })).toBe(true);
    expect(await colours(false, {}, ["--color"])).toBe(true);
    expect(await colours(true, {}, ["--no-color"])).toBe(false);
    expect(await colours(true, {}, ["--format", "json"])).toBe(false);
  });

  it("--record writes every answer the audit saw as a fixture that replays", async () => {
    const audit = async (_org: unknown, options: AuditOptions) => {
      await options.resolver.resolve("contoso.example", "TXT");
      await options.resolver.resolve("_dmarc.contoso.example", "TXT");
      await options.resolver.resolve("missing.contoso.example", "TXT");
      return sampleReport();
    };
    const r = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json", "--record", "recorded.json"], {
      cwd: dir,
      audit,
    });
    expect(r.code).toBe(1);
    const replay = await FixtureResolver.fromFile(join(dir, "recorded.json"));
    const original = await FixtureResolver.fromFile(join(dir, "dns.json"));
    for (const name of ["contoso.example", "_dmarc.contoso.example", "missing.contoso.example"]) {
      const [a, b] = await Promise.all([replay.resolve(name, "TXT"), original.resolve(name, "TXT")]);
      expect({ status: a.status, records: a.records }).toEqual({ status: b.status, records: b.records });
    }
    expect(Object.keys(replay.fixture.records).sort()).toEqual(["_dmarc.contoso.example", "contoso.example"]);
  });

  it("--record still writes the recording when the audit fails", async () => {
    const audit = async (_org: unknown, options: AuditOptions) => {
      await options.resolver.resolve("contoso.example", "TXT");
      throw new Error("boom");
    };
    const r = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json", "--record", "partial.json"], {
      cwd: dir,
      audit,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: the audit of org.json failed: boom\n");
    expect(Object.keys((await FixtureResolver.fromFile(join(dir, "partial.json"))).fixture.records)).toEqual([
      "contoso.example",
    ]);
  });

  it("exits 2 for a bad --resolver fixture before calling audit()", async () => {
    writeFileSync(
      join(dir, "bad-fixture.json"),
      JSON.stringify({ version: 1, records: { "a.example": { txt: ["x"] } } }),
    );
    const { audit, calls } = fakeAudit();
    const missing = await cli(["audit", "--org", "org.json", "--resolver", "fixture:none.json"], { cwd: dir, audit });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("error: --resolver fixture:none.json: no such file\n");
    const invalid = await cli(["audit", "--org", "org.json", "--resolver", "fixture:bad-fixture.json"], {
      cwd: dir,
      audit,
    });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(
      /^error: --resolver fixture:bad-fixture\.json: DNS fixture .*bad-fixture\.json is invalid:\n {2}- owner "a\.example": unknown field "txt"\n$/,
    );
    expect(calls).toHaveLength(0);
  });
});
