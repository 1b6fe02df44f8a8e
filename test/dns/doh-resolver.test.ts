import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DohResolver } from "../../src/dns/doh.ts";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { type RunningDnsdist, type RunningServer, startDnsdist, startKnot } from "../helpers/knot.ts";
import { hasBinary, requireBinary } from "../helpers/servers.ts";

const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/dns/wire-zone.json", import.meta.url), "utf8"),
) as DnsFixture;
const run =
  requireBinary("knotd", "knot") &&
  requireBinary("dnsdist", "dnsdist") &&
  (hasBinary("openssl") || requireBinary("openssl", "openssl"));

describe.runIf(run)("DohResolver against dnsdist (DoH, RFC 8484) in front of Knot DNS", () => {
  let knot: RunningServer;
  let dnsdist: RunningDnsdist;
  beforeAll(async () => {
    knot = await startKnot({ "dnstest.example": fixture });
    dnsdist = await startDnsdist({ upstreamPort: knot.port, doh: true });
  });
  afterAll(async () => {
    await dnsdist?.stop();
    await knot?.stop();
  });

  for (const method of ["GET", "POST"] as const) {
    it(`${method}: answers TXT with split strings, a CNAME chain, NXDOMAIN and NODATA`, async () => {
      const doh = new DohResolver({ url: dnsdist.dohUrl, method, ca: dnsdist.caPem });
      const multi = await doh.resolve("alias1.dnstest.example", "TXT");
      expect(multi.status).toBe("ok");
      expect(multi.cnameChain).toEqual(["alias2.dnstest.example", "multi.dnstest.example"]);
      expect(multi.records).toContainEqual(["v=spf1 ip4:192.0.2.0/24", " include:_spf.dnstest.example -all"]);
      expect((await doh.resolve("absent.dnstest.example", "A")).status).toBe("nxdomain");
      expect((await doh.resolve("multi.dnstest.example", "MX")).status).toBe("nodata");
      const big = await doh.resolve("big.dnstest.example", "TXT");
      expect(big.records[0]?.join("").length).toBe(1500);
    });
  }

  it("refuses a server certificate it was not told to trust", async () => {
    const doh = new DohResolver({ url: dnsdist.dohUrl });
    const answer = await doh.resolve("dnstest.example", "A");
    expect(answer).toMatchObject({ status: "error", cause: "transport" });
    expect(answer.detail).toMatch(/certificate|self.signed|fetch failed/i);
  });

  it("gives a typed error for a wrong path (HTTP status)", async () => {
    const doh = new DohResolver({ url: dnsdist.dohUrl.replace("/dns-query", "/nope"), ca: dnsdist.caPem });
    const answer = await doh.resolve("dnstest.example", "A");
    expect(answer).toMatchObject({ status: "error", cause: "transport" });
    expect(answer.detail).toMatch(/HTTP 4\d\d/);
  });

  it("times out as status timeout when nothing answers", async () => {
    const { createServer } = await import("node:net");
    const sink = createServer(() => {});
    await new Promise<void>((r) => sink.listen(0, "127.0.0.1", r));
    const port = (sink.address() as { port: number }).port;
    const doh = new DohResolver({ url: `https://127.0.0.1:${port}/dns-query`, timeoutMs: 300, ca: dnsdist.caPem });
    const answer = await doh.resolve("dnstest.example", "A");
    sink.close();
    expect(answer.status).toBe("timeout");
  });
});
