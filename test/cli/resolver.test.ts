import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckOptions } from "../../src/audit/api.ts";
import { CliError } from "../../src/cli/errors.ts";
import { createResolver, parseResolverSpec } from "../../src/cli/resolver.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { type RunningServer, startKnot } from "../helpers/knot.ts";
import { requireBinary } from "../helpers/servers.ts";
import { checkReport } from "../report/samples.ts";
import { cli, EXAMPLE_DIR, workdir } from "./harness.ts";

describe("--resolver specs", () => {
  it.each([
    ["system", { kind: "system" }],
    ["udp://192.0.2.53", { kind: "udp", host: "192.0.2.53", port: 53 }],
    ["udp://127.0.0.1:5353", { kind: "udp", host: "127.0.0.1", port: 5353 }],
    ["UDP://[2001:db8::53]:5300", { kind: "udp", host: "2001:db8::53", port: 5300 }],
    ["tcp://[::1]", { kind: "tcp", host: "::1", port: 53 }],
    ["tcp://10.0.0.1:53/", { kind: "tcp", host: "10.0.0.1", port: 53 }],
    ["doh://https://dns.example/dns-query", { kind: "doh", url: "https://dns.example/dns-query" }],
    ["doh://dns.example/dns-query", { kind: "doh", url: "https://dns.example/dns-query" }],
    // A local DoH proxy over plain HTTP on loopback is allowed; anything else must be https.
    ["doh://http://127.0.0.1:8053/dns-query", { kind: "doh", url: "http://127.0.0.1:8053/dns-query" }],
    ["fixture:fixtures/x.json", { kind: "fixture", file: "fixtures/x.json" }],
    // HOST[:PORT] without a scheme is a server over UDP; localhost stands for 127.0.0.1 and ::1.
    ["localhost:5353", { kind: "udp", host: "localhost", port: 5353 }],
    ["127.0.0.1:5353", { kind: "udp", host: "127.0.0.1", port: 5353 }],
    ["8.8.8.8", { kind: "udp", host: "8.8.8.8", port: 53 }],
    ["LocalHost", { kind: "udp", host: "localhost", port: 53 }],
    ["[::1]:5353", { kind: "udp", host: "::1", port: 5353 }],
    ["2001:db8::53", { kind: "udp", host: "2001:db8::53", port: 53 }],
    ["udp://localhost:5353", { kind: "udp", host: "localhost", port: 5353 }],
    ["tcp://localhost", { kind: "tcp", host: "localhost", port: 53 }],
  ])("%s", (text, spec) => {
    expect(parseResolverSpec(text)).toEqual(spec);
  });

  it.each([
    ["carrier-pigeon", /is not one of: system, HOST\[:PORT\] \(UDP\), udp:\/\/HOST\[:PORT\]/],
    [
      "udp://dns.google",
      /^"dns\.google" is not an IP address: give the DNS server's address, e\.g\. udp:\/\/192\.0\.2\.53:53, udp:\/\/\[2001:db8::53\]:53 or udp:\/\/localhost:53$/,
    ],
    [
      "dns.example:5353",
      /^"dns\.example" is not an IP address: give the DNS server's address, e\.g\. 192\.0\.2\.53:5353, \[2001:db8::53\]:5353 or localhost:5353$/,
    ],
    ["localhost:0", /the port must be a number from 1 to 65535/],
    ["127.0.0.1:65536", /the port must be a number from 1 to 65535/],
    ["udp://127.0.0.1:99999", /the port must be a number from 1 to 65535/],
    ["tcp://127.0.0.1:0", /the port must be a number from 1 to 65535/],
    ["doh://ftp://x.example/", /needs an https URL/],
    ["doh://http://dns.example/dns-query", /needs an https URL: http:\/\/ is accepted only for a loopback host/],
    ["doh://https://", /is not a URL/],
    ["fixture", /is not one of/],
  ])("rejects %s", (text, message) => {
    expect(() => parseResolverSpec(text)).toThrow(CliError);
    expect(() => parseResolverSpec(text)).toThrow(message);
  });

  it("makes the resolver for each kind", async () => {
    const system = await createResolver({ kind: "system" });
    expect(system).toBeInstanceOf(DnsResolver);
    expect((system as DnsResolver).servers.length).toBeGreaterThan(0);
    const fixture = await createResolver({ kind: "fixture", file: "dns.json" }, { cwd: EXAMPLE_DIR });
    expect(fixture).toBeInstanceOf(FixtureResolver);
    expect((await fixture.resolve("contoso-old.example", "TXT")).records).toEqual([["v=spf1 -all"]]);
    const local = await createResolver(parseResolverSpec("localhost:5353"));
    expect((local as DnsResolver).servers).toEqual([
      { host: "127.0.0.1", port: 5353 },
      { host: "::1", port: 5353 },
    ]);
  });

  it("reports a bad --resolver value as a usage error, exit 2", async () => {
    const { dir, remove } = workdir();
    try {
      const r = await cli(["check", "a.example", "--resolver", "udp://dns.google"], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `option '--resolver <spec>' argument 'udp://dns.google' is invalid. "dns.google" is not an IP address`,
      );
    } finally {
      remove();
    }
  });
});

const fixture = JSON.parse(readFileSync(join(EXAMPLE_DIR, "dns.json"), "utf8")) as DnsFixture;

describe.runIf(requireBinary("knotd", "knot"))(
  "check through udp:// and tcp:// against Knot DNS serving the Contoso zone",
  () => {
    let knot: RunningServer;
    let dir: string;
    let remove: () => void;
    beforeAll(async () => {
      ({ dir, remove } = workdir());
      knot = await startKnot({ "contoso.example": fixture });
    }, 30_000);
    afterAll(async () => {
      await knot?.stop();
      remove?.();
    });

    it.each(["udp://127.0.0.1:PORT", "tcp://127.0.0.1:PORT", "127.0.0.1:PORT", "localhost:PORT"])(
      "%s asks the server, and --record captures a fixture that replays offline",
      async (form) => {
        const scheme = form.replace(/[^a-z0-9]/g, "-");
        const seen: string[] = [];
        const checkDomain = async (domain: string, options: CheckOptions) => {
          const [txt, dmarc] = await Promise.all([
            options.resolver.resolve(domain, "TXT"),
            options.resolver.resolve(`_dmarc.${domain}`, "TXT"),
          ]);
          seen.push(`${txt.status} ${txt.records.map((r) => r.join("")).join(" | ")}`, `${dmarc.status}`);
          return checkReport(domain, []);
        };
        const file = `knot-${scheme}.json`;
        const r = await cli(
          [
            "check",
            "contoso.example",
            "--resolver",
            form.replace("PORT", String(knot.port)),
            "--timeout",
            "2000",
            "--record",
            file,
          ],
          { cwd: dir, checkDomain },
        );
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(seen[0]).toMatch(/^ok .*v=spf1 ip4:198\.51\.100\.0\/28 include:spf\.protection\.outlook\.com -all/);
        expect(seen[1]).toBe("ok");
        const replay = await FixtureResolver.fromFile(join(dir, file));
        expect((await replay.resolve("_dmarc.contoso.example", "TXT")).records).toEqual(
          (await new FixtureResolver(fixture).resolve("_dmarc.contoso.example", "TXT")).records,
        );
      },
    );
  },
);
