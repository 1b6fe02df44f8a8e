import { createSocket, type Socket } from "node:dgram";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckOptions } from "../../src/audit/api.ts";
import { reportSchema } from "../../src/audit/report-schema.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { CachingResolver } from "../../src/dns/cache.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { bulkReportSchema } from "../../src/report/bulk-schema.ts";
import type { BulkReport } from "../../src/report/bulk-types.ts";
import { formatText } from "../../src/report/text.ts";
import { checkReport } from "../report/samples.ts";
import { dnsBackedCheck } from "./fakes.ts";
import { cli, workdir } from "./harness.ts";

let dir: string;
let remove: () => void;
beforeAll(() => ({ dir, remove } = workdir()));
afterAll(() => remove());

/** A fake check returning a check report for the domain (warnings only), remembering its calls. */
function fakeCheck(overrides: Record<string, () => Promise<AuditReport>> = {}) {
  const calls: { domain: string; options: CheckOptions }[] = [];
  const checkDomain = async (domain: string, options: CheckOptions) => {
    calls.push({ domain, options });
    const override = overrides[domain];
    return override ? override() : checkReport(domain, ["warning"]);
  };
  return { checkDomain, calls };
}

describe("check <domain>", () => {
  it("checks one domain and prints its report like audit does", async () => {
    const { checkDomain, calls } = fakeCheck();
    const r = await cli(["check", "Example.ORG.", "--resolver", "fixture:dns.json"], { cwd: dir, checkDomain });
    expect(calls.map((c) => c.domain)).toEqual(["example.org"]);
    expect(r.stdout).toBe(formatText(checkReport("example.org", ["warning"])));
    expect(r.code).toBe(0);
    const strict = await cli(["check", "example.org", "--resolver", "fixture:dns.json", "--fail-on", "warning"], {
      cwd: dir,
      checkDomain,
    });
    expect(strict.code).toBe(1);
  });

  it("prints one domain's JSON as an AuditReport", async () => {
    const r = await cli(["check", "example.org", "--resolver", "fixture:dns.json", "--format", "json"], {
      cwd: dir,
      checkDomain: fakeCheck().checkDomain,
    });
    expect(lazyValidator(reportSchema)(JSON.parse(r.stdout))).toEqual([]);
  });

  it("passes --selector, --rules and --max-queries to checkDomain()", async () => {
    const { checkDomain, calls } = fakeCheck();
    await cli(
      [
        "check",
        "example.org",
        "--resolver",
        "fixture:dns.json",
        "--selector",
        "s2024,mail",
        "--selector",
        "k1",
        "--disable-rule",
        "dmarc-policy-none",
        "--max-queries",
        "99",
      ],
      { cwd: dir, checkDomain },
    );
    expect(calls[0]!.options.selectors).toEqual(["s2024", "mail", "k1"]);
    expect(calls[0]!.options.rules).toEqual({ disable: ["dmarc-policy-none"] });
    expect(calls[0]!.options.maxQueries).toBe(99);
  });

  it("reports a single domain whose check throws on standard error, exit 1", async () => {
    const r = await cli(["check", "example.org", "--resolver", "fixture:dns.json"], {
      cwd: dir,
      checkDomain: async () => Promise.reject(new Error("resolver exploded")),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("error: example.org could not be checked: resolver exploded\n");
  });

  it.each([
    [["check"], "error: give at least one domain, or --domains-file FILE\n"],
    [["check", "1.2.3.4"], 'error: "1.2.3.4" is not a domain name: an IP address, not a domain name\n'],
    [["check", "a..example"], 'error: "a..example" is not a domain name: empty label (RFC 1035 §3.1)\n'],
    [["check", "exa mple.com"], 'error: "exa mple.com" is not a domain name: not a domain name\n'],
  ])("exits 2 on bad domains: %j", async (argv, message) => {
    const { checkDomain, calls } = fakeCheck();
    const r = await cli([...argv, "--resolver", "fixture:dns.json"], { cwd: dir, checkDomain });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
    expect(calls).toHaveLength(0);
  });
});

describe("check with several domains or --domains-file (bulk)", () => {
  it("gives one result per domain when one check throws, the others go on, and a summary at the end", async () => {
    const { checkDomain, calls } = fakeCheck({ "b.example": async () => Promise.reject(new Error("SERVFAIL storm")) });
    const r = await cli(["check", "a.example", "b.example", "c.example", "--resolver", "fixture:dns.json"], {
      cwd: dir,
      checkDomain,
    });
    expect(calls.map((c) => c.domain).sort()).toEqual(["a.example", "b.example", "c.example"]);
    expect(r.code).toBe(1); // a domain that could not be checked is not a pass
    expect(r.stdout).toContain("check of a.example");
    expect(r.stdout).toContain("check of c.example");
    expect(r.stdout).toContain("✖ b.example: not checked: SERVFAIL storm");
    const summary = r.stdout.slice(r.stdout.lastIndexOf("Summary\n"));
    // At 100 columns (not a terminal, COLUMNS unset) the summary is one card per domain.
    expect(summary).toMatch(/\n {2}a\.example\n {4}RESULT: WARN\s/);
    expect(summary).toMatch(/\n {2}b\.example\n {4}RESULT: NOT CHECKED\s.*SERVFAIL storm\n/);
    expect(summary).toMatch(/\n {2}c\.example\n {4}RESULT: WARN\s/);
    expect(summary).toContain("3 domains: 0 pass, 2 warn, 0 fail, 1 not checked · 0 errors, 4 warnings, 0 info");
  });

  it("exits 0 when every domain was checked and nothing reaches --fail-on", async () => {
    const r = await cli(["check", "a.example", "b.example", "--resolver", "fixture:dns.json"], {
      cwd: dir,
      checkDomain: fakeCheck().checkDomain,
    });
    expect(r.code).toBe(0);
  });

  it("reads --domains-file: comments, blanks and duplicates skipped, bad lines reported with their line number", async () => {
    writeFileSync(
      join(dir, "domains.txt"),
      "# our domains\na.example\n\n  B.Example.  # trailing comment\na.example\nnot a domain\nbücher.example\n",
    );
    const { checkDomain, calls } = fakeCheck();
    const r = await cli(
      ["check", "--domains-file", "domains.txt", "--resolver", "fixture:dns.json", "--format", "json"],
      { cwd: dir, checkDomain },
    );
    const bulk = JSON.parse(r.stdout) as BulkReport;
    expect(lazyValidator(bulkReportSchema)(bulk)).toEqual([]);
    expect(bulk.entries.map((e) => `${e.domain}:${e.status}`)).toEqual([
      "a.example:checked",
      "b.example:checked",
      "not a domain:failed",
      "xn--bcher-kva.example:checked",
    ]);
    expect(bulk.entries[2]).toEqual({
      domain: "not a domain",
      status: "failed",
      error: "not a domain name: not a domain name",
      line: 6,
    });
    expect(calls.map((c) => c.domain).sort()).toEqual(["a.example", "b.example", "xn--bcher-kva.example"]);
    expect(bulk.summary).toMatchObject({ domains: 4, checked: 3, failed: 1 });
    expect(r.code).toBe(1);
  });

  it("exits 2 for a missing or empty domains file", async () => {
    writeFileSync(join(dir, "empty.txt"), "# nothing\n\n");
    const missing = await cli(["check", "--domains-file", "none.txt"], {
      cwd: dir,
      checkDomain: fakeCheck().checkDomain,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("error: cannot read the domains file none.txt: no such file\n");
    const empty = await cli(["check", "--domains-file", "empty.txt", "--resolver", "fixture:dns.json"], {
      cwd: dir,
      checkDomain: fakeCheck().checkDomain,
    });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe("error: empty.txt lists no domains\n");
  });

  it("shares ONE caching resolver across domains: a question common to all is asked upstream once", async () => {
    const seen: CheckOptions["resolver"][] = [];
    const checkDomain = async (domain: string, options: CheckOptions) => {
      seen.push(options.resolver);
      await options.resolver.resolve("spf.protection.outlook.com", "TXT");
      return checkReport(domain, []);
    };
    const domains = Array.from({ length: 12 }, (_, i) => `d${i}.example`);
    const r = await cli(["check", ...domains, "--resolver", "fixture:dns.json", "--concurrency", "4"], {
      cwd: dir,
      checkDomain,
    });
    expect(r.code).toBe(0);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(1);
    const shared = seen[0] as CachingResolver;
    expect(shared).toBeInstanceOf(CachingResolver);
    const stats = shared.stats();
    expect(stats.misses).toBe(1);
    expect(stats.hits + stats.joined).toBe(11);
  });

  it("runs at most --concurrency checks at once, and uses that many", async () => {
    let inFlight = 0;
    let peak = 0;
    const checkDomain = async (domain: string) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return checkReport(domain, []);
    };
    const domains = Array.from({ length: 20 }, (_, i) => `d${i}.example`);
    const r = await cli(
      ["check", ...domains, "--resolver", "fixture:dns.json", "--concurrency", "3", "--format", "json"],
      { cwd: dir, checkDomain },
    );
    expect(peak).toBe(3);
    // Results come back in input order whatever order the checks finish in.
    expect((JSON.parse(r.stdout) as BulkReport).entries.map((e) => e.domain)).toEqual(domains);
  });

  it("shows progress on standard error only when it is a terminal", async () => {
    const argv = ["check", "a.example", "b.example", "c.example", "--resolver", "fixture:dns.json"];
    const tty = await cli(argv, { cwd: dir, checkDomain: fakeCheck().checkDomain, stderrTTY: true });
    expect(tty.stderr).toContain("checking 3/3 ");
    expect(tty.stderr.endsWith("\r\u001b[2K")).toBe(true); // the line is cleared at the end
    expect(tty.stdout).not.toContain("checking 3/3");
    const piped = await cli(argv, { cwd: dir, checkDomain: fakeCheck().checkDomain, stderrTTY: false });
    expect(piped.stderr).toBe("");
  });

  it("a domain whose DNS times out says temperror; the others are checked normally", async () => {
    const fixture = JSON.parse(readFileSync(join(dir, "dns.json"), "utf8")) as {
      records: Record<string, Record<string, unknown>>;
    };
    fixture.records["news.contoso.example"] = { TXT: { timeout: true } };
    writeFileSync(join(dir, "dns-timeout.json"), JSON.stringify(fixture));
    const r = await cli(
      [
        "check",
        "contoso.example",
        "news.contoso.example",
        "contoso-old.example",
        "--resolver",
        "fixture:dns-timeout.json",
        "--format",
        "json",
      ],
      { cwd: dir, checkDomain: dnsBackedCheck },
    );
    const bulk = JSON.parse(r.stdout) as BulkReport;
    const byDomain = Object.fromEntries(bulk.entries.map((e) => [e.domain, e]));
    const news = byDomain["news.contoso.example"]!;
    expect(news.status).toBe("checked");
    if (news.status === "checked") {
      expect(news.report.domains[0]!.spf.status).toBe("temperror");
      expect(news.report.findings.map((f) => f.message)).toEqual([
        "DNS timeout for news.contoso.example TXT: SPF is temperror.",
      ]);
    }
    const contoso = byDomain["contoso.example"]!;
    expect(contoso.status === "checked" && contoso.report.domains[0]!.spf.record).toBe(
      "v=spf1 ip4:198.51.100.0/28 include:spf.protection.outlook.com -all",
    );
    expect(r.code).toBe(1);
  });

  describe("against a DNS server that never answers", () => {
    let silent: Socket;
    let port: number;
    beforeAll(async () => {
      silent = createSocket("udp4");
      await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
      port = silent.address().port;
    });
    afterAll(() => silent.close());

    it("--timeout bounds the wait, and every domain still gets its result", async () => {
      const started = Date.now();
      const r = await cli(
        [
          "check",
          "a.example",
          "b.example",
          "--resolver",
          `udp://127.0.0.1:${port}`,
          "--timeout",
          "100",
          "--format",
          "json",
        ],
        { cwd: dir, checkDomain: dnsBackedCheck },
      );
      const elapsed = Date.now() - started;
      const bulk = JSON.parse(r.stdout) as BulkReport;
      expect(bulk.entries.map((e) => e.status === "checked" && e.report.findings[0]?.message)).toEqual([
        "DNS timeout for a.example TXT: SPF is temperror.",
        "DNS timeout for b.example TXT: SPF is temperror.",
      ]);
      expect(elapsed).toBeLessThan(5_000); // 2 attempts × 100 ms, not the 2 s default
      expect(r.code).toBe(1);
    });
  });

  it("--record writes what every domain's check asked as one fixture", async () => {
    const r = await cli(
      [
        "check",
        "contoso.example",
        "contoso-old.example",
        "--resolver",
        "fixture:dns.json",
        "--record",
        "bulk-recording.json",
      ],
      { cwd: dir, checkDomain: dnsBackedCheck },
    );
    expect(r.code).toBe(0);
    const replay = await FixtureResolver.fromFile(join(dir, "bulk-recording.json"));
    expect(Object.keys(replay.fixture.records).sort()).toEqual([
      "_dmarc.contoso-old.example",
      "_dmarc.contoso.example",
      "contoso-old.example",
      "contoso.example",
    ]);
    expect((await replay.resolve("contoso-old.example", "TXT")).records).toEqual([["v=spf1 -all"]]);
  });
});
