import { describe, expect, it } from "vitest";
import { dnsOutcome, errorAnswer, failedAnswer, recordsAnswer, resolveSafely } from "../../src/dns/answer.ts";
import { QueryBudgetResolver } from "../../src/dns/budget.ts";
import { CachingResolver } from "../../src/dns/cache.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { RecordingResolver } from "../../src/dns/recording.ts";
import {
  DNS_ERROR_CAUSES,
  type DnsAnswer,
  type DnsErrorCause,
  type DnsStatus,
  type ResolveOptions,
  type Resolver,
  type RRType,
} from "../../src/dns/types.ts";
import { systemServers } from "../../src/dns/wire/servers.ts";

const fixture = new FixtureResolver({
  version: 1,
  records: { "a.example": { TXT: ["v=spf1 -all"] }, "slow.example": { "*": { timeout: true } } },
});

/** A driver returning whatever it is given (a user-written driver gone wrong). */
const returning = (value: unknown): Resolver => ({
  resolve: <T extends RRType>() => Promise.resolve(value as DnsAnswer<T>),
});

describe("dnsOutcome: present, absent or unknown, from the status and the typed cause", () => {
  const table: [status: DnsStatus, cause: DnsErrorCause | undefined, outcome: string][] = [
    ["ok", undefined, "present"],
    ["nxdomain", undefined, "absent"],
    ["nodata", undefined, "absent"],
    ["servfail", undefined, "unknown"],
    ["refused", undefined, "unknown"],
    ["timeout", undefined, "unknown"],
    // A name that cannot exist in DNS is absent, not a DNS failure (issue 18 §1, last bullet).
    ["error", "invalid-name", "absent"],
    ["error", "aborted", "unknown"],
    ["error", "budget", "unknown"],
    ["error", "malformed", "unknown"],
    ["error", "driver", "unknown"],
    ["error", "rcode", "unknown"],
    ["error", "transport", "unknown"],
    ["error", "conflict", "unknown"],
    ["error", undefined, "unknown"],
  ];
  it.each(table)("%s (%s) → %s", (status, cause, outcome) => {
    expect(dnsOutcome(cause === undefined ? { status } : { status, cause })).toBe(outcome);
  });

  it("covers every cause", () => {
    expect(new Set(table.map(([, cause]) => cause).filter((c) => c !== undefined))).toEqual(new Set(DNS_ERROR_CAUSES));
  });
});

describe("every driver and wrapper types its errors", () => {
  const long = `${"a".repeat(64)}.example`;
  const table: [what: string, cause: DnsErrorCause, ask: () => Promise<DnsAnswer>][] = [
    ["FixtureResolver, a label over 63 octets", "invalid-name", () => fixture.resolve(long, "TXT")],
    [
      "FixtureResolver, a name over 253 octets",
      "invalid-name",
      () => fixture.resolve(`${"abcdefghi.".repeat(26)}example`, "TXT"),
    ],
    ["FixtureResolver, an empty label", "invalid-name", () => fixture.resolve("a..example", "TXT")],
    ["FixtureResolver, aborted", "aborted", () => fixture.resolve("a.example", "TXT", { signal: AbortSignal.abort() })],
    [
      "resolveSafely, a driver that throws",
      "driver",
      () => resolveSafely({ resolve: () => Promise.reject(new Error("boom")) }, "a.example", "TXT"),
    ],
    [
      "resolveSafely, a driver that returns null",
      "malformed",
      () => resolveSafely(returning(null), "a.example", "TXT"),
    ],
    [
      "resolveSafely, an unknown status",
      "malformed",
      () => resolveSafely(returning({ status: "weird", records: [], cnameChain: [] }), "a.example", "TXT"),
    ],
    [
      "resolveSafely, no records array",
      "malformed",
      () => resolveSafely(returning({ status: "ok", cnameChain: [] }), "a.example", "TXT"),
    ],
    [
      "resolveSafely, an error without a cause",
      "driver",
      () => resolveSafely(returning(failedAnswer("a.example", "TXT", "error", "?")), "a.example", "TXT"),
    ],
    [
      "resolveSafely, an error with an unknown cause",
      "driver",
      () =>
        resolveSafely(returning({ ...failedAnswer("a.example", "TXT", "error"), cause: "bogus" }), "a.example", "TXT"),
    ],
    [
      "resolveSafely, already aborted",
      "aborted",
      () => resolveSafely(fixture, "a.example", "TXT", { signal: AbortSignal.abort() }),
    ],
    [
      "QueryBudgetResolver, past the budget",
      "budget",
      async () => {
        const budget = new QueryBudgetResolver(fixture, { maxQueries: 0 });
        return budget.resolve("a.example", "TXT");
      },
    ],
    [
      "CachingResolver, aborted",
      "aborted",
      () => new CachingResolver(fixture).resolve("a.example", "TXT", { signal: AbortSignal.abort() }),
    ],
  ];
  it.each(table)("%s → %s", async (_what, cause, ask) => {
    const answer = await ask();
    expect(answer.status).toBe("error");
    expect(answer.cause).toBe(cause);
    expect(typeof answer.detail).toBe("string");
  });

  it("keeps a driver's own typed cause", async () => {
    const answer = await resolveSafely(
      returning(errorAnswer("a.example", "TXT", "transport", "down")),
      "a.example",
      "TXT",
    );
    expect(answer).toMatchObject({ cause: "transport", detail: "down" });
  });

  it("sets no cause on answers that are not errors", async () => {
    expect((await fixture.resolve("a.example", "TXT")).cause).toBeUndefined();
    expect((await fixture.resolve("slow.example", "TXT")).cause).toBeUndefined();
    expect(failedAnswer("a.example", "TXT", "nxdomain", "x", { cause: "driver" }).cause).toBeUndefined();
  });
});

/** A driver that reports an abort with a detail that does not start with "aborted". */
class QuietAbort implements Resolver {
  calls = 0;
  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    this.calls++;
    if (options?.signal === undefined || this.calls === 1)
      return errorAnswer(name, type, "aborted", "stopped by the caller");
    return recordsAnswer(name, type, ["192.0.2.1"] as DnsAnswer<T>["records"], 60);
  }
}

describe("wrappers decide on the cause, never on the text of detail", () => {
  it("the cache does not keep an aborted answer, whatever its detail says", async () => {
    const inner = new QuietAbort();
    const cache = new CachingResolver(inner, { failureTtl: 3600 });
    expect((await cache.resolve("a.example", "A")).cause).toBe("aborted");
    expect((await cache.resolve("a.example", "A")).status).toBe("ok");
    expect(inner.calls).toBe(2);
  });

  it("the cache keeps other errors as failures when told to", async () => {
    let calls = 0;
    const failing: Resolver = {
      resolve: async (name, type) => {
        calls++;
        return errorAnswer(name, type, "transport", "aborted connection (a detail that starts like an abort)");
      },
    };
    const cache = new CachingResolver(failing, { failureTtl: 3600 });
    await cache.resolve("a.example", "A");
    await cache.resolve("a.example", "A");
    expect(calls).toBe(1);
  });

  it("the recorder records neither aborted questions nor invalid names", async () => {
    const recorder = new RecordingResolver(new QuietAbort());
    await recorder.resolve("a.example", "A");
    const fixtureRecorder = new RecordingResolver(fixture);
    await fixtureRecorder.resolve(`${"a".repeat(64)}.example`, "TXT");
    expect(recorder.answers).toHaveLength(0);
    expect(fixtureRecorder.answers).toHaveLength(0);
  });
});

describe("systemServers: the servers Node's resolver uses (dns.getServers), not resolv.conf parsed by hand", () => {
  it("reads every form getServers gives, skips what is not an address, and falls back to 127.0.0.1", () => {
    const listed = [
      "192.0.2.53",
      "192.0.2.54:5353",
      "2001:db8::53",
      "[2001:db8::54]:5353",
      "resolver.example",
      "10.0.0.1:0",
    ];
    expect(systemServers(() => listed)).toEqual([
      { host: "192.0.2.53", port: 53 },
      { host: "192.0.2.54", port: 5353 },
      { host: "2001:db8::53", port: 53 },
      { host: "2001:db8::54", port: 5353 },
    ]);
    expect(systemServers(() => [])).toEqual([{ host: "127.0.0.1", port: 53 }]);
    expect(
      systemServers(() => {
        throw new Error("no configuration");
      }),
    ).toEqual([{ host: "127.0.0.1", port: 53 }]);
  });

  it("defaults to what this process's dns module says", async () => {
    const { getServers } = await import("node:dns");
    const expected = getServers().length;
    expect(systemServers().length).toBe(Math.max(1, expected));
  });
});
