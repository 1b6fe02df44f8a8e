import * as dnsPacket from "dns-packet";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { FixtureError } from "../../src/dns/fixture/validate.ts";
import { OverlayResolver } from "../../src/dns/overlay.ts";
import type { DnsChange } from "../../src/dns/overlay-changes.ts";
import { DNS_STATUSES } from "../../src/dns/types.ts";
import { buildQuery, checkReply, replyToAnswer } from "../../src/dns/wire/message.ts";

describe("wire parsing never throws", () => {
  it("checkReply on arbitrary bytes returns ok or a reason", () => {
    const query = buildQuery("example.com", "TXT");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const check = checkReply(query, Buffer.from(bytes));
        expect(typeof check.ok).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });

  it("a real reply with random bytes flipped is accepted only if it still echoes our question", () => {
    const query = buildQuery("example.com", "TXT");
    const reply = dnsPacket.encode({
      type: "response",
      id: query.id,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ name: "example.com", type: "TXT", class: "IN" }],
      answers: [{ name: "example.com", type: "TXT", ttl: 60, class: "IN", data: ["v=spf1 -all"] }],
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(reply.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        (flips) => {
          const bytes = Buffer.from(reply);
          for (const [at, value] of flips) bytes[at] = value;
          const check = checkReply(query, bytes);
          if (check.ok) {
            const answer = replyToAnswer("example.com", "TXT", check.packet, "test");
            expect(DNS_STATUSES).toContain(answer.status);
            expect(answer.name).toBe("example.com");
            expect(JSON.parse(JSON.stringify(answer))).toEqual(answer);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("fixtures: validation never crashes, resolution never throws", () => {
  const owner = fc.dictionary(
    fc.constantFrom("TXT", "MX", "A", "AAAA", "CNAME", "PTR", "*", "txt", "$ttl"),
    fc.oneof(fc.anything(), fc.array(fc.string()), fc.constant({ timeout: true }), fc.constant({ rcode: "SERVFAIL" })),
  );
  const fixture = fc.record({
    version: fc.oneof(fc.constant(1), fc.anything()),
    records: fc.dictionary(fc.domain(), owner),
  });
  it("a random fixture is accepted or rejected with FixtureError, and an accepted one answers every question", async () => {
    await fc.assert(
      fc.asyncProperty(
        fixture,
        fc.array(fc.tuple(fc.domain(), fc.constantFrom("TXT", "MX", "A", "CNAME", "AAAA")), { maxLength: 5 }),
        async (value, questions) => {
          let resolver: FixtureResolver;
          try {
            resolver = new FixtureResolver(value);
          } catch (error) {
            expect(error).toBeInstanceOf(FixtureError);
            return;
          }
          const names = [...Object.keys(value.records), ...questions.map((q) => q[0])];
          for (const name of names) {
            for (const type of ["TXT", "MX", "A", "CNAME"]) {
              const answer = await resolver.resolve(name, type);
              expect(DNS_STATUSES).toContain(answer.status);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("overlay: random changes never make it throw, and error answers always carry a cause", () => {
  const base = new FixtureResolver({
    version: 1,
    records: {
      "a.example": { TXT: ["x"], A: ["192.0.2.1"] },
      "b.a.example": { CNAME: "a.example" },
      "c.example": { CNAME: "b.a.example" },
      "d.example": { "*": { rcode: "SERVFAIL" } },
    },
  });
  const name = fc.oneof(
    fc.constantFrom("a.example", "b.a.example", "c.example", "d.example", "e.example", "x.b.a.example", "__proto__"),
    fc.domain(),
    fc.string({ maxLength: 70 }),
  );
  const change = fc.record({
    name,
    type: fc.constantFrom("TXT", "A", "CNAME", "MX", "constructor"),
    records: fc.oneof(
      fc.constant([]),
      fc.array(name, { maxLength: 3 }),
      fc.array(fc.array(fc.string(), { maxLength: 2 }), { maxLength: 2 }),
    ),
  });
  it("answers every question with a known status; conflicts are plain data", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(change, { maxLength: 6 }),
        fc.array(fc.tuple(name, fc.constantFrom("TXT", "A", "CNAME", "MX")), { maxLength: 4 }),
        async (changes, questions) => {
          const overlay = new OverlayResolver(base, changes as DnsChange[]);
          for (const [n, t] of questions) {
            const answer = await overlay.resolve(n, t);
            expect(DNS_STATUSES).toContain(answer.status);
            if (answer.status === "error") expect(answer.cause).toBeDefined();
            expect(answer.cnameChain.length).toBeLessThanOrEqual(9);
          }
          const conflicts = await overlay.validate();
          expect(JSON.parse(JSON.stringify(conflicts))).toEqual(conflicts);
        },
      ),
      { numRuns: 300 },
    );
  });
});
