import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CachingResolver } from "../../src/dns/cache.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { RecordingResolver } from "../../src/dns/recording.ts";
import type { DnsAnswer, RRType } from "../../src/dns/types.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { requireBinary } from "../helpers/servers.ts";
import { type SignedSetup, startSignedSetup } from "../helpers/unbound.ts";

const zone = (origin: string): DnsFixture => ({
  version: 1,
  records: {
    [origin]: { TXT: ["v=spf1 -all"], MX: [{ preference: 10, exchange: `mx.${origin}` }] },
    [`mx.${origin}`]: { A: ["192.0.2.25"] },
    [`_25._tcp.mx.${origin}`]: {
      TLSA: ["3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"],
    },
    [`alias.${origin}`]: { CNAME: `mx.${origin}` },
  },
});

const run = requireBinary("knotd", "knot") && requireBinary("unbound", "unbound");

describe.runIf(run)("the AD bit through Unbound validating a zone Knot signs (DNSSEC, for DANE)", () => {
  let setup: SignedSetup;
  let validating: DnsResolver;
  beforeAll(async () => {
    setup = await startSignedSetup(
      { "signed.example": zone("signed.example") },
      { "unsigned.example": zone("unsigned.example") },
    );
    validating = new DnsResolver({ servers: [`127.0.0.1:${setup.unbound.port}`], dnssec: true, attempts: 1 });
  }, 60_000);
  afterAll(async () => setup?.stop());

  const table: [name: string, type: RRType, status: DnsAnswer["status"], authenticated: boolean][] = [
    ["signed.example", "TXT", "ok", true],
    ["_25._tcp.mx.signed.example", "TLSA", "ok", true],
    ["alias.signed.example", "A", "ok", true],
    // An authenticated denial (NSEC, RFC 4035 §3.1.3): the absence is proven, not just claimed.
    ["nothing.signed.example", "TLSA", "nxdomain", true],
    ["signed.example", "AAAA", "nodata", true],
    ["unsigned.example", "TXT", "ok", false],
    ["_25._tcp.mx.unsigned.example", "TLSA", "ok", false],
    ["nothing.unsigned.example", "TLSA", "nxdomain", false],
  ];

  it.each(table)("%s %s → %s, authenticated %s", async (name, type, status, authenticated) => {
    const answer = await validating.resolve(name, type);
    expect(answer.status).toBe(status);
    expect(answer.authenticated).toBe(authenticated);
  });

  it("reads TLSA records in presentation format (RFC 6698 §2.2)", async () => {
    const answer = await validating.resolve("_25._tcp.mx.signed.example", "TLSA");
    expect(answer.records).toEqual(["3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"]);
  });

  it("leaves `authenticated` out unless asked, and Knot itself (not validating) never sets it", async () => {
    const plain = new DnsResolver({ servers: [`127.0.0.1:${setup.unbound.port}`], attempts: 1 });
    expect((await plain.resolve("signed.example", "TXT")).authenticated).toBeUndefined();
    const authoritative = new DnsResolver({ servers: [`127.0.0.1:${setup.knot.port}`], dnssec: true, attempts: 1 });
    const answer = await authoritative.resolve("signed.example", "TXT");
    expect(answer.status).toBe("ok");
    expect(answer.authenticated).toBe(false);
  });

  it("keeps `authenticated` through the cache and a recording, and the fixture replays it", async () => {
    const recorder = new RecordingResolver(validating);
    const cache = new CachingResolver(recorder);
    const live: DnsAnswer[] = [];
    for (const [name, type] of table) live.push(await cache.resolve(name, type));
    for (const [name, type] of table)
      expect((await cache.resolve(name, type)).authenticated).toBe(
        live.find((a) => a.name === name && a.type === type)?.authenticated,
      );
    expect(cache.stats().hits).toBe(table.length);
    const fixture = JSON.parse(JSON.stringify(recorder.toFixture())) as DnsFixture;
    const replay = new FixtureResolver(fixture);
    for (const [i, [name, type]] of table.entries()) {
      const again = await replay.resolve(name, type);
      expect([again.status, again.authenticated], `${name} ${type}`).toEqual([live[i]?.status, live[i]?.authenticated]);
    }
  });
});
