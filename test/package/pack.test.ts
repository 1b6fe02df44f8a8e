import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packedTarball } from "../helpers/packed.ts";
import { SUBPATHS } from "./entry-points.ts";

/**
 * Takes the package as npm would publish it (packed once per run), installs it into an empty folder (its
 * dependencies linked from this checkout's node_modules, so no network), and checks that a strict
 * TypeScript consumer compiles against it and that Node runs it.
 */
const root = resolve(import.meta.dirname, "../..");
let dir: string;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_loglevel: "error" },
  });
}

describe("the packed package", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "eaa-pack-"));
    const tarball = await packedTarball();
    const consumer = join(dir, "consumer");
    const target = join(consumer, "node_modules", "email-auth-audit");
    mkdirSync(target, { recursive: true });
    run("tar", ["xzf", tarball, "-C", target, "--strip-components=1"], dir);
    for (const name of readdirSync(join(root, "node_modules"))) {
      if (name.startsWith(".")) continue;
      symlinkSync(join(root, "node_modules", name), join(consumer, "node_modules", name));
    }
    const files = run("tar", ["tzf", tarball], dir)
      .split("\n")
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ""));
    writeFileSync(join(dir, "files.json"), JSON.stringify(files));
  }, 300_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("ships dist, schemas and docs only (no tests, no sources, no fixtures of tests)", async () => {
    const files = JSON.parse((await import("node:fs")).readFileSync(join(dir, "files.json"), "utf8")) as string[];
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("package.json");
    expect(files).toContain("README.md");
    expect(files.filter((f) => f.startsWith("test/") || f.startsWith("src/") || f.endsWith(".map"))).toEqual([]);
  });

  it("compiles in a strict TypeScript consumer with types, and runs in Node", () => {
    const consumer = join(dir, "consumer");
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2023",
          noEmit: true,
          skipLibCheck: false,
          types: ["node"],
        },
        files: ["consumer.ts"],
      }),
    );
    writeFileSync(
      join(consumer, "consumer.ts"),
      `import { FixtureResolver, DnsResolver, DohResolver, CachingResolver, RecordingResolver, QueryBudgetResolver, type DnsAnswer, type Resolver } from "email-auth-audit";
import { parseSpf, checkHost, analyzeSpf } from "email-auth-audit/spf";
import { parseDmarc, discoverDmarc, evaluateDmarc, organizationalDomain, isAligned } from "email-auth-audit/dmarc";
import { parseDkimKey, lookupDkimKey, discoverSelectors } from "email-auth-audit/dkim";
import { verifyMessage } from "email-auth-audit/message";
import { providerCatalog } from "email-auth-audit/providers";
import { audit, checkDomain, loadOrg, rules, plan, OverlayResolver, type AuditReport, type Finding, type Plan } from "email-auth-audit";
import { readExchangeConfig, orgFromExchange } from "email-auth-audit/exchange";
import { parseAggregateReport, parseTlsReport } from "email-auth-audit/reports";
import { parseMtaStsPolicy, mtaStsMatches, probeSmtp } from "email-auth-audit/transport";
const fixture = { version: 1, records: { "contoso.example": { TXT: [["v=spf1 ", "-all"]], MX: [{ preference: 0, exchange: "." }] } } };
const recorder = new RecordingResolver(new CachingResolver(new FixtureResolver(fixture)));
const budget: Resolver = new QueryBudgetResolver(recorder, { maxQueries: 10 });
const txt: DnsAnswer<"TXT"> = await budget.resolve("contoso.example", "TXT");
const strings: string[] | undefined = txt.records[0];
const mx = await budget.resolve("contoso.example", "MX");
const exchange: string | undefined = mx.records[0]?.exchange;
// @ts-expect-error TXT records are string arrays, not strings
const wrong: string = txt.records[0];
void wrong;
const udp: Resolver = new DnsResolver({ servers: ["127.0.0.1:53"] });
const doh: Resolver = new DohResolver({ url: "https://127.0.0.1/dns-query" });
void udp; void doh;
const spf = await checkHost({ ip: "192.0.2.1", domain: "contoso.example" }, { resolver: budget });
const parsed = parseSpf("v=spf1 -all");
const analysis = await analyzeSpf("contoso.example", { resolver: budget });
const dmarc = parseDmarc("v=DMARC1; p=reject");
const aligned: boolean = isAligned("a.contoso.example", "contoso.example", "relaxed");
const key = parseDkimKey("v=DKIM1; p=");
void [discoverDmarc, evaluateDmarc, organizationalDomain, lookupDkimKey, discoverSelectors, verifyMessage, checkDomain];
void [readExchangeConfig, orgFromExchange, parseAggregateReport, parseTlsReport, parseMtaStsPolicy, mtaStsMatches, probeSmtp];
const overlay = new OverlayResolver(new FixtureResolver(fixture), [{ name: "_dmarc.contoso.example", type: "TXT", records: [["v=DMARC1; p=reject"]] }]);
const planned: Plan = await plan({ version: 1, domains: [{ name: "contoso.example", sends: false }], paths: [] }, { resolver: overlay });
const org = loadOrg({ version: 1, domains: [{ name: "contoso.example" }], paths: [{ id: "d", from: ["contoso.example"], via: { direct: { ips: ["192.0.2.1"] } } }] });
const report: AuditReport = await audit(org, { resolver: new FixtureResolver(fixture) });
const findings: Finding[] = report.findings;
console.log(JSON.stringify({ status: txt.status, joined: strings?.join(""), exchange, fixture: recorder.toFixture().records,
  spf: spf.result, parsed: parsed.ok, lookups: analysis.lookups.count, p: dmarc.record?.p, aligned, revoked: key.revoked,
  providers: providerCatalog.entries.length >= 16, rules: rules.length >= 31, paths: report.paths.length, hasFindings: findings.length > 0,
  planned: Array.isArray(planned.changes) }));
`,
    );
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    run(process.execPath, [tsc, "-p", "tsconfig.json"], consumer);
    run(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit", "false", "--outDir", "out"], consumer);
    const output = run(process.execPath, [join(consumer, "out", "consumer.js")], consumer);
    expect(JSON.parse(output)).toEqual({
      status: "ok",
      joined: "v=spf1 -all",
      exchange: "",
      // analyzeSpf also asked for the obsolete SPF type (NODATA, recorded as an empty list).
      fixture: {
        "contoso.example": { TXT: [["v=spf1 ", "-all"]], MX: [{ preference: 0, exchange: "" }], SPF: [], $ttl: 300 },
      },
      spf: "fail",
      parsed: true,
      lookups: 0,
      p: "reject",
      aligned: true,
      revoked: true,
      providers: true,
      rules: true,
      paths: 1,
      hasFindings: true,
      planned: true,
    });
  });

  it("imports every entry point from the packed package, each with the names src/ exports", async () => {
    const consumer = join(dir, "consumer");
    const entries = ["", ...SUBPATHS.map((s) => `/${s}`)];
    writeFileSync(
      join(consumer, "entries.mjs"),
      `const names = {};\nfor (const e of ${JSON.stringify(entries)}) names[e] = Object.keys(await import("email-auth-audit" + e)).sort();\nconsole.log(JSON.stringify(names));\n`,
    );
    const packed = JSON.parse(run(process.execPath, [join(consumer, "entries.mjs")], consumer)) as Record<
      string,
      string[]
    >;
    for (const e of entries) {
      const source = await import(join(root, "src", e === "" ? "index.ts" : `${e.slice(1)}/index.ts`));
      expect(packed[e], `email-auth-audit${e}`).toEqual(Object.keys(source).sort());
    }
  });
});
