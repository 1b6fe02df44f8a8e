import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryBudgetResolver } from "../../src/dns/budget.ts";
import { CachingResolver } from "../../src/dns/cache.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import type { DnsAnswer, RRType } from "../../src/dns/types.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { type RunningServer, startKnot } from "../helpers/knot.ts";
import { requireBinary } from "../helpers/servers.ts";

const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/dns/wire-zone.json", import.meta.url), "utf8"),
) as DnsFixture;
const run = requireBinary("knotd", "knot");

/** The comparable part of an answer (TTLs and details differ between a server and a fixture). */
function essence(answer: DnsAnswer) {
  const records = [...answer.records].map((r) => JSON.stringify(r)).sort();
  return { name: answer.name, type: answer.type, status: answer.status, records, cnameChain: answer.cnameChain };
}

describe.runIf(run)("DnsResolver against Knot DNS (real authoritative server on loopback)", () => {
  let knot: RunningServer;
  let resolver: DnsResolver;

  beforeAll(async () => {
    knot = await startKnot({
      "dnstest.example": fixture,
      "otherzone.example": fixture,
      "2.0.192.in-addr.arpa": fixture,
    });
    resolver = new DnsResolver({ servers: [`127.0.0.1:${knot.port}`], timeoutMs: 2000, attempts: 1 });
  });
  afterAll(async () => {
    await knot?.stop();
  });

  it("keeps the character-strings of a TXT RR apart, and returns every RR", async () => {
    const answer = await resolver.resolve("multi.dnstest.example", "TXT");
    expect(answer.status).toBe("ok");
    expect(answer.records).toHaveLength(2);
    expect(answer.records).toContainEqual(["v=spf1 ip4:192.0.2.0/24", " include:_spf.dnstest.example -all"]);
    expect(answer.records).toContainEqual(["second record"]);
    expect(answer.ttl).toBe(300);
  });

  it("retries over TCP when a TXT over 1232 bytes comes back truncated over UDP", async () => {
    const answer = await resolver.resolve("big.dnstest.example", "TXT");
    expect(answer.status).toBe("ok");
    const strings = answer.records[0] ?? [];
    expect(strings).toHaveLength(6);
    expect(strings.join("").length).toBe(1500);
  });

  it("retries over TCP when a TXT over 512 bytes is truncated without EDNS0", async () => {
    const plain = new DnsResolver({ servers: [`127.0.0.1:${knot.port}`], edns: false, attempts: 1 });
    const answer = await plain.resolve("mid.dnstest.example", "TXT");
    expect(answer.status).toBe("ok");
    expect(answer.records[0]?.join("").length).toBe(610);
  });

  it("asks over TCP only when told to", async () => {
    const tcp = new DnsResolver({ servers: [`127.0.0.1:${knot.port}`], tcpOnly: true });
    const answer = await tcp.resolve("dnstest.example", "MX");
    expect(answer.status).toBe("ok");
    expect(answer.records).toHaveLength(2);
  });

  it("tells NXDOMAIN from NODATA, with the negative TTL from the SOA (RFC 2308 §5)", async () => {
    const nx = await resolver.resolve("absent.dnstest.example", "TXT");
    expect(nx.status).toBe("nxdomain");
    expect(nx.ttl).toBe(60);
    const nodata = await resolver.resolve("multi.dnstest.example", "AAAA");
    expect(nodata.status).toBe("nodata");
    expect(nodata.records).toEqual([]);
    // An empty non-terminal exists: NODATA, not NXDOMAIN (RFC 8020).
    expect((await resolver.resolve("_domainkey.dnstest.example", "TXT")).status).toBe("nodata");
  });

  it("follows CNAME chains and shows them, including a dangling one", async () => {
    const answer = await resolver.resolve("ALIAS1.dnstest.example.", "TXT");
    expect(answer.status).toBe("ok");
    expect(answer.name).toBe("alias1.dnstest.example");
    expect(answer.cnameChain).toEqual(["alias2.dnstest.example", "multi.dnstest.example"]);
    expect(answer.records).toHaveLength(2);
    const dangling = await resolver.resolve("dangling.dnstest.example", "TXT");
    expect(dangling.status).toBe("nxdomain");
    expect(dangling.cnameChain).toEqual(["gone.dnstest.example"]);
    const cname = await resolver.resolve("alias1.dnstest.example", "CNAME");
    expect(cname.records).toEqual(["alias2.dnstest.example"]);
  });

  it("asks for the target of an alias into a zone the server does not answer for (RFC 1034 §5.3.3)", async () => {
    const answer = await resolver.resolve("xzone.dnstest.example", "TXT");
    expect(answer).toMatchObject({ name: "xzone.dnstest.example", status: "ok", records: [["v=DKIM1; p=XZONE"]] });
    expect(answer.cnameChain).toEqual(["keys.otherzone.example", "final.otherzone.example"]);
    const dangling = await resolver.resolve("xzone-dangling.dnstest.example", "TXT");
    expect(dangling).toMatchObject({ status: "nxdomain", cnameChain: ["missing.otherzone.example"] });
    const nodata = await resolver.resolve("xzone-nodata.dnstest.example", "A");
    expect(nodata).toMatchObject({ status: "nodata", cnameChain: ["final.otherzone.example"] });
  });

  it("counts the follow-up question of a continued chain against the query budget (issue 18 §1)", async () => {
    // The audit's stack: a cache over a budget over the driver.
    const budget = new QueryBudgetResolver(resolver, { maxQueries: 1 });
    const refused = await new CachingResolver(budget).resolve("xzone.dnstest.example", "TXT");
    expect(refused).toMatchObject({ status: "error", cause: "budget", cnameChain: ["keys.otherzone.example"] });
    expect(budget.log.map((e) => [e.name, e.followUp === true, e.refused === true])).toEqual([
      ["xzone.dnstest.example", false, false],
      ["keys.otherzone.example", true, true],
    ]);
    const enough = new QueryBudgetResolver(resolver, { maxQueries: 2 });
    const answer = await enough.resolve("xzone.dnstest.example", "TXT");
    expect(answer.status).toBe("ok");
    expect(enough.questions).toBe(2);
    expect(enough.log[1]).toMatchObject({ name: "keys.otherzone.example", followUp: true, status: "ok" });
  });

  it("decodes MX (with a null MX), AAAA and PTR", async () => {
    const mx = await resolver.resolve("dnstest.example", "MX");
    expect(mx.records).toEqual(
      expect.arrayContaining([
        { preference: 10, exchange: "mx1.dnstest.example" },
        { preference: 20, exchange: "mx2.dnstest.example" },
      ]),
    );
    expect((await resolver.resolve("nullmx.dnstest.example", "MX")).records).toEqual([{ preference: 0, exchange: "" }]);
    const v6 = await resolver.resolve("v6.dnstest.example", "AAAA");
    expect([...v6.records].sort()).toEqual(["2001:db8:25::25", "2001:db8::1"]);
    const ptr = await resolver.resolve("11.2.0.192.in-addr.arpa", "PTR");
    expect(ptr.records).toEqual(["mx1.dnstest.example"]);
  });

  it("passes non-ASCII TXT bytes through as UTF-8 code points", async () => {
    const answer = await resolver.resolve("utf8.dnstest.example", "TXT");
    expect(answer.records[0]?.[0]).toBe("v=spf1 \u0080a:example.net -all");
  });

  it("answers exactly like FixtureResolver replaying the same fixture", async () => {
    const replay = new FixtureResolver(fixture);
    const questions: [string, RRType][] = [
      ["dnstest.example", "TXT"],
      ["dnstest.example", "MX"],
      ["dnstest.example", "A"],
      ["dnstest.example", "AAAA"],
      ["mx1.dnstest.example", "AAAA"],
      ["multi.dnstest.example", "TXT"],
      ["big.dnstest.example", "TXT"],
      ["alias1.dnstest.example", "TXT"],
      ["alias1.dnstest.example", "A"],
      ["alias2.dnstest.example", "CNAME"],
      ["dangling.dnstest.example", "A"],
      ["nullmx.dnstest.example", "MX"],
      ["absent.dnstest.example", "MX"],
      ["_domainkey.dnstest.example", "TXT"],
      ["sel1._domainkey.dnstest.example", "TXT"],
      ["v6.dnstest.example", "AAAA"],
      ["11.2.0.192.in-addr.arpa", "PTR"],
      ["utf8.dnstest.example", "TXT"],
      ["xzone.dnstest.example", "TXT"],
      ["xzone-dangling.dnstest.example", "TXT"],
      ["xzone-nodata.dnstest.example", "MX"],
    ];
    for (const [name, type] of questions) {
      const [live, recorded] = await Promise.all([resolver.resolve(name, type), replay.resolve(name, type)]);
      expect(essence(live), `${name} ${type}`).toEqual(essence(recorded));
    }
  });

  it("tries the next server when the first does not answer", async () => {
    const twoServers = new DnsResolver({
      servers: ["127.0.0.1:9", `127.0.0.1:${knot.port}`],
      timeoutMs: 300,
      attempts: 1,
    });
    const answer = await twoServers.resolve("dnstest.example", "A");
    expect(answer.status).toBe("ok");
    expect(answer.records).toEqual(["192.0.2.1"]);
  });

  it("runs many questions concurrently on fresh sockets", async () => {
    const names = Array.from({ length: 50 }, (_, i) => (i % 2 ? "mx1.dnstest.example" : "multi.dnstest.example"));
    const answers = await Promise.all(names.map((n) => resolver.resolve(n, n.startsWith("mx1") ? "A" : "TXT")));
    expect(answers.every((a) => a.status === "ok")).toBe(true);
  });
});
