/**
 * The lookup-counting rules of docs/spf.md ("How lookups are counted"), one test per rule, each
 * with the RFC 7208 §4.6.4 sentence it enforces.
 */
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { FixtureOwner } from "../../src/dns/fixture/types.ts";
import { checkHost } from "../../src/spf/check-host.ts";
import type { SpfCheckResult } from "../../src/spf/types.ts";

function zone(records: Record<string, FixtureOwner>): FixtureResolver {
  return new FixtureResolver({ version: 1, records });
}

function check(
  records: Record<string, FixtureOwner>,
  ip = "192.0.2.1",
  sender = "user@example.com",
): Promise<SpfCheckResult> {
  return checkHost({ ip, sender, helo: "mail.example.com" }, { resolver: zone(records) });
}

function questions(r: SpfCheckResult): string[] {
  return r.trace.flatMap((s) => (s.step === "dns" ? [`${s.name} ${s.type} ${s.status}`] : []));
}

const host = (a: string[] = ["192.0.2.200"]): FixtureOwner => ({ A: a });

describe("what counts toward the limit of 10 DNS-querying terms", () => {
  it('"include", "a", "mx", "ptr", "exists" each count one', async () => {
    const r = await check({
      "example.com": {
        TXT: ["v=spf1 a mx ptr exists:e.example.com include:inc.example.com -all"],
        A: ["192.0.2.9"],
        MX: [{ preference: 0, exchange: "mx.example.com" }],
      },
      "mx.example.com": host(),
      "e.example.com": { AAAA: ["2001:db8::1"] },
      "inc.example.com": { TXT: ["v=spf1 ip4:198.51.100.0/24 -all"] },
      "1.2.0.192.in-addr.arpa": { PTR: ["mail.example.net"] },
    });
    expect(r.result).toBe("fail");
    expect(r.dnsLookups).toBe(5);
  });

  it('the "redirect" modifier counts one', async () => {
    const r = await check({
      "example.com": { TXT: ["v=spf1 redirect=_spf.example.com"] },
      "_spf.example.com": { TXT: ["v=spf1 -all"] },
    });
    expect(r.result).toBe("fail");
    expect(r.dnsLookups).toBe(1);
  });

  it('"all", "ip4", "ip6" do not count', async () => {
    const r = await check({
      "example.com": { TXT: ["v=spf1 ip4:198.51.100.1 ip6:2001:db8::1 ip4:203.0.113.0/24 -all"] },
    });
    expect(r.result).toBe("fail");
    expect(r.dnsLookups).toBe(0);
  });

  it("the initial record fetch does not count", async () => {
    const r = await check({ "example.com": { TXT: ["v=spf1 -all"] } });
    expect(r.dnsLookups).toBe(0);
    expect(questions(r)).toEqual(["example.com TXT ok"]);
  });

  it('the "exp" lookup does not count, and is made after the result is known', async () => {
    const r = await check({
      "example.com": { TXT: ["v=spf1 a:a.example.com -all exp=why.example.com"] },
      "a.example.com": host(),
      "why.example.com": { TXT: ["Not %{i}."] },
    });
    expect(r.result).toBe("fail");
    expect(r.explanation).toBe("Not 192.0.2.1.");
    expect(r.dnsLookups).toBe(1);
    expect(questions(r).at(-1)).toBe("why.example.com TXT ok");
  });

  it("terms inside included records count toward the same 10", async () => {
    const r = await check({
      "example.com": { TXT: ["v=spf1 a:h.example.com include:inc.example.com -all"] },
      "inc.example.com": { TXT: ["v=spf1 a:h.example.com a:h.example.com exists:h.example.com"] },
      "h.example.com": host(),
    });
    expect(r.dnsLookups).toBe(5);
  });

  it("terms are counted as they are evaluated: nothing after the match counts", async () => {
    const many = Array.from({ length: 20 }, (_, i) => `a:h${i}.example.com`).join(" ");
    const r = await check({ "example.com": { TXT: [`v=spf1 ip4:192.0.2.1 ${many} -all`] } });
    expect(r.result).toBe("pass");
    expect(r.dnsLookups).toBe(0);
  });

  it("10 terms pass; the 11th is permerror, naming the term", async () => {
    const records: Record<string, FixtureOwner> = { "h.example.com": host() };
    records["ten.example.com"] = { TXT: [`v=spf1 ${"a:h.example.com ".repeat(10)}ip4:192.0.2.1 -all`] };
    records["eleven.example.com"] = { TXT: [`v=spf1 ${"a:h.example.com ".repeat(11)}ip4:192.0.2.1 -all`] };
    const ten = await check(records, "192.0.2.1", "x@ten.example.com");
    expect(ten.result).toBe("pass");
    expect(ten.dnsLookups).toBe(10);
    const eleven = await check(records, "192.0.2.1", "x@eleven.example.com");
    expect(eleven.result).toBe("permerror");
    expect(eleven.problem).toMatchObject({ code: "lookup-limit", term: "a:h.example.com", rfc: "RFC 7208 §4.6.4" });
    // The 11th term's query is never made.
    expect(questions(eleven).filter((q) => q.startsWith("h.example.com"))).toHaveLength(1);
  });

  it("a term whose target-name is malformed counts, but asks nothing", async () => {
    const r = await check({ "example.com": { TXT: [`v=spf1 a:${"x".repeat(64)}.example.com -all`] } });
    expect(r.result).toBe("fail");
    expect(r.dnsLookups).toBe(1);
    expect(r.voidLookups).toBe(0);
    expect(questions(r)).toEqual(["example.com TXT ok"]);
  });
});

describe("the MX and PTR limits (10 names each, per mechanism or macro)", () => {
  const mxs = (n: number) => Array.from({ length: n }, (_, i) => ({ preference: i, exchange: `mx${i}.example.com` }));
  const hosts = Object.fromEntries(
    Array.from({ length: 11 }, (_, i) => [`mx${i}.example.com`, host([`198.51.100.${i}`])]),
  );

  it('an "mx" term counts one toward 10, however many MX names it looks up', async () => {
    const r = await check({ "example.com": { TXT: ["v=spf1 mx -all"], MX: mxs(10) }, ...hosts }, "198.51.100.9");
    expect(r.result).toBe("pass");
    expect(r.dnsLookups).toBe(1);
  });

  it("more than 10 MX records is permerror for the mx mechanism", async () => {
    const r = await check({ "example.com": { TXT: ["v=spf1 mx -all"], MX: mxs(11) }, ...hosts }, "198.51.100.0");
    expect(r.result).toBe("permerror");
    expect(r.problem).toMatchObject({ code: "mx-limit", rfc: "RFC 7208 §4.6.4" });
  });

  it("the address lookups of MX hosts are not void lookups", async () => {
    const r = await check({
      "example.com": {
        TXT: ["v=spf1 mx ip4:192.0.2.1"],
        MX: [
          { preference: 0, exchange: "gone1.example.com" },
          { preference: 1, exchange: "gone2.example.com" },
          { preference: 2, exchange: "gone3.example.com" },
        ],
      },
    });
    expect(r.result).toBe("pass");
    expect(r.voidLookups).toBe(0);
  });

  it("only the first 10 PTR names are validated; the rest are ignored", async () => {
    const names = Array.from({ length: 11 }, (_, i) => `p${i}.example.com`);
    const records: Record<string, FixtureOwner> = {
      "example.com": { TXT: ["v=spf1 ptr:example.org -all"] },
      "1.2.0.192.in-addr.arpa": { PTR: [...names.slice(0, 10), "good.example.org"] },
      "good.example.org": host(["192.0.2.1"]),
    };
    const r = await check(records);
    expect(r.result).toBe("fail");
    expect(questions(r)).not.toContain("good.example.org A ok");
    records["1.2.0.192.in-addr.arpa"] = { PTR: [...names.slice(0, 9), "good.example.org"] };
    expect((await check(records)).result).toBe("pass");
  });

  it("%{p} adds no lookup of its own to the count of its term", async () => {
    const r = await check({
      "example.com": { TXT: ["v=spf1 exists:%{p}.ok.example.com -all"] },
      "1.2.0.192.in-addr.arpa": { PTR: ["mail.example.com"] },
      "mail.example.com": host(["192.0.2.1"]),
      "mail.example.com.ok.example.com": host(["127.0.0.2"]),
    });
    expect(r.result).toBe("pass");
    expect(r.dnsLookups).toBe(1);
  });
});

describe("void lookups (limit 2)", () => {
  it("NXDOMAIN and NODATA answers of a term's lookup are void; two are allowed", async () => {
    const r = await check({
      "example.com": { TXT: ["v=spf1 a:gone.example.com a:empty.example.com ?all"] },
      "empty.example.com": { MX: [] },
    });
    expect(r.result).toBe("neutral");
    expect(r.voidLookups).toBe(2);
  });

  it("the third is permerror", async () => {
    const r = await check({
      "example.com": { TXT: ["v=spf1 a:gone.example.com exists:gone2.example.com mx:gone3.example.com ?all"] },
    });
    expect(r.result).toBe("permerror");
    expect(r.problem).toMatchObject({ code: "void-lookup-limit", term: "mx:gone3.example.com" });
  });

  it("a non-existent exp= domain is not a void lookup", async () => {
    const r = await check({
      "example.com": { TXT: ["v=spf1 a:gone.example.com a:gone2.example.com exp=gone3.example.com -all"] },
    });
    expect(r.result).toBe("fail");
    expect(r.voidLookups).toBe(2);
    expect(r.explanationSource).toBe("default");
  });

  it("a DNS error is temperror, not a void lookup", async () => {
    const r = await check({
      "example.com": { TXT: ["v=spf1 a:broken.example.com -all"] },
      "broken.example.com": { A: { rcode: "SERVFAIL" } },
    });
    expect(r.result).toBe("temperror");
    expect(r.voidLookups).toBe(0);
    expect(r.problem).toMatchObject({ code: "dns-error", rfc: "RFC 7208 §5" });
  });

  it("an a term counts void on the client's address family only", async () => {
    const records = {
      "example.com": { TXT: ["v=spf1 a:v6only.example.com -all"] },
      "v6only.example.com": { AAAA: ["2001:db8::9"] },
    };
    expect((await check(records, "192.0.2.1")).voidLookups).toBe(1);
    expect((await check(records, "2001:db8::1")).voidLookups).toBe(0);
  });

  it("the PTR lookup of a %{p} expansion is not a void lookup of its own", async () => {
    const r = await check({ "example.com": { TXT: ["v=spf1 a:%{p}.example.com exists:gone.example.com -all"] } });
    expect(r.result).toBe("fail");
    expect(r.voidLookups).toBe(2);
  });
});

describe("time limit and cancellation", () => {
  it("a slow resolver past limits.timeoutMs gives temperror", async () => {
    const resolver = new FixtureResolver(
      { version: 1, records: { "example.com": { TXT: ["v=spf1 a:h.example.com -all"] }, "h.example.com": host() } },
      { latencyMs: 200 },
    );
    const r = await checkHost({ ip: "192.0.2.1", sender: "x@example.com" }, { resolver, limits: { timeoutMs: 50 } });
    expect(r.result).toBe("temperror");
    expect(r.problem?.code).toBe("time-limit");
  });

  it("a resolver that never answers (and ignores the signal) still gives temperror at the deadline", async () => {
    const hanging = { resolve: () => new Promise<never>(() => {}) };
    const started = performance.now();
    const r = await checkHost(
      { ip: "192.0.2.1", sender: "x@example.com" },
      { resolver: hanging, limits: { timeoutMs: 50 } },
    );
    expect(r.result).toBe("temperror");
    expect(r.problem?.code).toBe("time-limit");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("a signal aborted during the evaluation gives temperror", async () => {
    const controller = new AbortController();
    const resolver = new FixtureResolver(
      { version: 1, records: { "example.com": { TXT: ["v=spf1 a:h.example.com -all"] }, "h.example.com": host() } },
      { latencyMs: 100 },
    );
    setTimeout(() => controller.abort(), 20);
    const r = await checkHost({ ip: "192.0.2.1", sender: "x@example.com" }, { resolver, signal: controller.signal });
    expect(r.result).toBe("temperror");
    expect(r.problem?.message).toMatch(/aborted/);
  });

  it("an aborted signal gives temperror", async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await checkHost(
      { ip: "192.0.2.1", sender: "x@example.com" },
      { resolver: zone({ "example.com": { TXT: ["v=spf1 -all"] } }), signal: controller.signal },
    );
    expect(r.result).toBe("temperror");
  });
});
