/**
 * Soak (issue 18 §4): 1,000 hostile domains checked in one process through the library's
 * `checkDomain`, eight at a time over one shared cache (as `check --domains-file` does), against
 * the hostile DNS server on loopback. The heap may grow while checks are in flight, but not with
 * the number of domains: the peak stays under a bound, and what is left after the run is small.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDomain } from "../../src/audit/api.ts";
import { CachingResolver } from "../../src/dns/cache.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { formatters } from "../../src/report/index.ts";
import { type HostileServer, startHostileServer } from "../helpers/hostile-dns.ts";
import { HOSTILE_SUFFIX, hostileDomains, hostileFixture, hostileSpf, PAYLOADS } from "../helpers/hostile-zone.ts";
import { peakHeapGrowth } from "./heap.ts";

const DOMAINS = 1_000;
const CONCURRENCY = 8;

describe(`${DOMAINS} hostile domains in one process, over one shared cache`, () => {
  let server: HostileServer;
  const domains = hostileDomains(DOMAINS);
  beforeAll(async () => {
    // Every tenth domain answers with about 50 KB per answer and includes the 30-deep chain; the
    // others answer with about 2 KB and include the shared 50 KB record only.
    const tenth = (d: string) => Number(d.slice(1, d.indexOf("."))) % 10 === 0;
    const fixture = hostileFixture(domains, {
      junkBytes: (d) => (tenth(d) ? 50_000 : 2_000),
      selectors: ["selector1", "default"],
      spf: (d) => (tenth(d) ? hostileSpf(d) : `v=spf1 include:big.${HOSTILE_SUFFIX} ${PAYLOADS.join(" ")} ~all`),
    });
    server = await startHostileServer({ zone: new FixtureResolver(fixture) });
  });
  afterAll(async () => server?.stop());

  it("checks every domain with bounded memory and reports of bounded size", async () => {
    const resolver = new CachingResolver(
      new DnsResolver({ servers: [`127.0.0.1:${server.port}`], timeoutMs: 10_000, attempts: 2 }),
      { maxEntries: 100_000 },
    );
    let checked = 0;
    let largest = 0;
    let truncated = 0;
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < domains.length; i = next++) {
        const report = await checkDomain(domains[i] as string, { resolver });
        // As the bulk writer does: format, write out (here: measure), let go.
        largest = Math.max(largest, formatters.json(report).length);
        if (report.summary.truncated !== undefined) truncated++;
        checked++;
      }
    };
    const { growth } = await peakHeapGrowth(() => Promise.all(Array.from({ length: CONCURRENCY }, worker)));
    expect(checked).toBe(DOMAINS);
    expect(truncated).toBe(DOMAINS);
    expect(server.zoneStats.tcp).toBeGreaterThan(DOMAINS / 10);
    expect(largest).toBeLessThan(512 * 1024);
    // Room for the shared cache of every answer (26 MB on the wire; 199 MB of peak growth measured).
    console.log(
      `soak: ${checked} domains, peak heap growth ${Math.round(growth / 1048576)} MB, largest report ${largest} bytes, ${server.zoneStats.queries} queries (${server.zoneStats.tcp} over TCP, ${Math.round(server.zoneStats.bytes / 1048576)} MB)`,
    );
    expect(growth).toBeLessThan(400 * 1024 * 1024);
  }, 600_000);
});
