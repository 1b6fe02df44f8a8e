import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsAnswer, RRType } from "../../src/dns/types.ts";
import { lookupPtrs } from "../../src/reports/ptr.ts";

const resolver = new FixtureResolver({
  version: 1,
  records: {
    "1.2.0.192.in-addr.arpa": { PTR: ["Mail.Example.NET.", "other.example.net"] },
    "mail.example.net": { A: ["192.0.2.1"] },
    "2.2.0.192.in-addr.arpa": { PTR: ["mail.example.net"] },
    "3.2.0.192.in-addr.arpa": { PTR: { rcode: "SERVFAIL" } },
    "4.2.0.192.in-addr.arpa": { PTR: ["nowhere.example.net"] },
    "nowhere.example.net": { A: { timeout: true } },
    "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa": { PTR: ["v6.example.net"] },
    "v6.example.net": { AAAA: ["2001:0db8::1"] },
  },
});

describe("lookupPtrs", () => {
  it.each([
    [
      "a forward-confirmed name (names lower-cased, trailing dot dropped)",
      "192.0.2.1",
      { status: "found", names: ["mail.example.net", "other.example.net"], confirmed: true },
    ],
    [
      "a name whose addresses do not include the source",
      "192.0.2.2",
      { status: "found", names: ["mail.example.net"], confirmed: false },
    ],
    ["no PTR record: none (proven)", "192.0.2.9", { status: "none", names: [], confirmed: null, detail: "nxdomain" }],
    [
      "an IPv6 source, confirmed whatever the address's spelling",
      "2001:db8::1",
      { status: "found", names: ["v6.example.net"], confirmed: true },
    ],
  ])("%s", async (_name, ip, expected) => {
    const out = await lookupPtrs([ip], resolver, { confirm: () => true });
    expect(out.get(ip)).toEqual(expected);
  });

  it("keeps a SERVFAIL unknown with the failed question as evidence, never 'none'", async () => {
    const info = (await lookupPtrs(["192.0.2.3"], resolver)).get("192.0.2.3");
    expect(info?.status).toBe("unknown");
    expect(info?.failure).toMatchObject({ name: "3.2.0.192.in-addr.arpa", type: "PTR", status: "servfail" });
  });

  it("says when the forward confirmation is unknown", async () => {
    const info = (await lookupPtrs(["192.0.2.4"], resolver, { confirm: () => true })).get("192.0.2.4");
    expect(info).toMatchObject({ status: "found", confirmed: "unknown" });
    expect(info?.failure).toMatchObject({ name: "nowhere.example.net", type: "A", status: "timeout" });
  });

  it("does not confirm names that do not need it", async () => {
    expect((await lookupPtrs(["192.0.2.1"], resolver)).get("192.0.2.1")?.confirmed).toBeNull();
  });

  it("asks at most `max` distinct addresses, in the order given, with bounded concurrency", async () => {
    const asked: string[] = [];
    let inFlight = 0;
    let peak = 0;
    const counting = {
      async resolve<T extends RRType>(name: string, type: T): Promise<DnsAnswer<T>> {
        asked.push(name);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        return resolver.resolve(name, type);
      },
    };
    const ips = ["192.0.2.9", "192.0.2.9", "192.0.2.8", "192.0.2.7", "192.0.2.6", "192.0.2.5"];
    const out = await lookupPtrs(ips, counting, { max: 4, concurrency: 2 });
    expect(asked).toEqual([
      "9.2.0.192.in-addr.arpa",
      "8.2.0.192.in-addr.arpa",
      "7.2.0.192.in-addr.arpa",
      "6.2.0.192.in-addr.arpa",
    ]);
    expect(peak).toBe(2);
    expect(out.get("192.0.2.5")?.status).toBe("not-asked");
    expect(out.size).toBe(5);
  });

  it("never throws for a resolver that throws or a source that is not an address", async () => {
    const broken = { resolve: async () => Promise.reject(new Error("boom")) };
    const out = await lookupPtrs(["192.0.2.1", "not-an-ip"], broken);
    expect(out.get("192.0.2.1")?.status).toBe("unknown");
    expect(out.get("not-an-ip")).toEqual({ status: "none", names: [], confirmed: null, detail: "not an IP address" });
  });
});
