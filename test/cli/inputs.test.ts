import { describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { checkDomains } from "../../src/cli/check-domains.ts";
import { checkDomainName, parseDomainsFile } from "../../src/cli/inputs.ts";
import { progressLine } from "../../src/cli/progress.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { checkReport } from "../report/samples.ts";

describe("domain names", () => {
  it.each([
    ["example.com", "example.com"],
    ["  Example.COM. ", "example.com"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["_dmarc.example.com", "_dmarc.example.com"],
  ])("accepts %j as %s", (text, name) => {
    expect(checkDomainName(text)).toEqual({ name });
  });
  it.each([
    ["", "empty name"],
    ["192.0.2.1", "an IP address, not a domain name"],
    ["2001:db8::1", "an IP address, not a domain name"],
    ["a b.example", "not a domain name"],
    ["a..example", "empty label (RFC 1035 §3.1)"],
    [`${"a".repeat(64)}.example`, "label longer than 63 octets (RFC 1035 §2.3.4): aaaaaaaaaaaaaaaaaaaa..."],
    ["<script>.example", "not a domain name"],
  ])("rejects %j", (text, problem) => {
    expect(checkDomainName(text)).toEqual({ problem });
  });
});

describe("domains files", () => {
  it("skips comments and blank lines, drops duplicates, keeps line numbers and bad lines", () => {
    expect(
      parseDomainsFile("# header\r\nb.example\r\n\r\na.example # note\nB.EXAMPLE\n#x.example\n10.0.0.1\n"),
    ).toEqual([
      { domain: "b.example", line: 2 },
      { domain: "a.example", line: 4 },
      { domain: "10.0.0.1", line: 7, problem: "an IP address, not a domain name" },
    ]);
  });
});

describe("checkDomains (bulk runner)", () => {
  const options = { resolver: new FixtureResolver({ version: 1, records: {} }) };

  it("turns whatever a check does wrong into a failed entry and goes on", async () => {
    const check = async (domain: string): Promise<AuditReport> => {
      if (domain === "throws-string.example") throw "plain string";
      if (domain === "undefined.example") return undefined as unknown as AuditReport;
      if (domain === "sync-throw.example") throw new TypeError("bad");
      return checkReport(domain, []);
    };
    const bulk = await checkDomains(
      [
        "ok.example",
        "throws-string.example",
        "undefined.example",
        "sync-throw.example",
        { domain: "bad name", line: 3, problem: "not a domain name" },
      ],
      { check, options, concurrency: 2 },
    );
    expect(bulk.entries.map((e) => (e.status === "failed" ? `${e.domain}: ${e.error}` : `${e.domain}: ok`))).toEqual([
      "ok.example: ok",
      "throws-string.example: plain string",
      "undefined.example: the check returned no report",
      "sync-throw.example: bad",
      "bad name: not a domain name: not a domain name",
    ]);
    expect(bulk.summary).toMatchObject({ domains: 5, checked: 1, failed: 4 });
  });

  it("calls onDone once per domain, counting up", async () => {
    const done: string[] = [];
    await checkDomains(["a.example", "b.example", "c.example"], {
      check: async (d) => checkReport(d, []),
      options,
      concurrency: 8,
      onDone: (_e, n, total) => done.push(`${n}/${total}`),
    });
    expect(done).toEqual(["1/3", "2/3", "3/3"]);
  });

  it("handles an empty list", async () => {
    const bulk = await checkDomains([], { check: async (d) => checkReport(d, []), options });
    expect(bulk.entries).toEqual([]);
    expect(bulk.summary.domains).toBe(0);
  });
});

describe("progress line", () => {
  it("draws on a terminal, throttled, always the last count, and cleans up; nothing otherwise", () => {
    let out = "";
    let t = 0;
    const p = progressLine({ write: (s: string) => (out += s), isTTY: true }, 80, () => t);
    p.update(1, 3, "a.example");
    t = 10;
    p.update(2, 3, "b.example"); // within the interval: skipped
    t = 20;
    p.update(3, 3, "c\u001b[31m.example"); // the last one always shows; control characters escaped
    p.finish();
    expect(out).toBe("\r\u001b[2Kchecking 1/3 a.example\r\u001b[2Kchecking 3/3 c\\u{1b}[31m.example\r\u001b[2K");
    let piped = "";
    const q = progressLine({ write: (s: string) => (piped += s), isTTY: false });
    q.update(1, 1, "a.example");
    q.finish();
    expect(piped).toBe("");
  });
});
