import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsAnswer } from "../../src/dns/types.ts";
import { type MailauthDnsError, toMailauthResolver } from "../../src/message/mailauth-resolver.ts";

const zone = new FixtureResolver({
  version: 1,
  records: {
    "a.example": {
      TXT: [["v=spf1 ", "-all"], "second"],
      MX: [{ preference: 10, exchange: "mx.a.example" }],
      A: ["192.0.2.1"],
    },
    "alias.example": { CNAME: "a.example" },
    "broken.example": { TXT: { rcode: "SERVFAIL" }, MX: { rcode: "REFUSED" } },
    "slow.example": { "*": { timeout: true } },
  },
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return (error as MailauthDnsError).code;
  }
}

describe("toMailauthResolver", () => {
  const resolve = toMailauthResolver(zone);

  it("returns Node's record shapes", async () => {
    expect(await resolve("a.example", "TXT")).toEqual([["v=spf1 ", "-all"], ["second"]]);
    expect(await resolve("alias.example", "txt")).toEqual([["v=spf1 ", "-all"], ["second"]]);
    expect(await resolve("a.example", "MX")).toEqual([{ exchange: "mx.a.example", priority: 10 }]);
    expect(await resolve("a.example", "A")).toEqual(["192.0.2.1"]);
  });

  it("rejects with Node's error codes", async () => {
    expect(await codeOf(resolve("missing.example", "TXT"))).toBe("ENOTFOUND");
    expect(await codeOf(resolve("a.example", "AAAA"))).toBe("ENODATA");
    expect(await codeOf(resolve("broken.example", "TXT"))).toBe("ESERVFAIL");
    expect(await codeOf(resolve("broken.example", "MX"))).toBe("EREFUSED");
    expect(await codeOf(resolve("slow.example", "TXT"))).toBe("ETIMEOUT");
    expect(await codeOf(resolve("bad..name", "TXT"))).toBe("EBADRESP");
  });

  it("keeps the answer on the error, the name as hostname", async () => {
    try {
      await resolve("missing.example", "TXT");
      expect.unreachable();
    } catch (error) {
      const e = error as MailauthDnsError;
      expect(e.hostname).toBe("missing.example");
      expect(e.answer?.status).toBe("nxdomain");
      expect(e).toBeInstanceOf(Error);
    }
  });

  it("reports every answer, refuses what allow() refuses without asking, and cancels when aborted", async () => {
    const seen: DnsAnswer[] = [];
    const controller = new AbortController();
    const gated = toMailauthResolver(zone, {
      onAnswer: (a) => seen.push(a),
      allow: (name) => name !== "alias.example",
      signal: controller.signal,
    });
    await gated("a.example", "TXT");
    expect(await codeOf(gated("alias.example", "TXT"))).toBe("ECANCELLED");
    expect(seen.map((a) => `${a.name}/${a.type}/${a.status}`)).toEqual(["a.example/TXT/ok"]);
    controller.abort();
    expect(await codeOf(gated("a.example", "TXT"))).toBe("ECANCELLED");
  });

  it("a resolver that throws becomes a rejection with a code, not a crash", async () => {
    const throwing = toMailauthResolver({
      resolve: () => {
        throw new Error("driver exploded");
      },
    });
    expect(await codeOf(throwing("a.example", "TXT"))).toBe("EBADRESP");
  });
});
