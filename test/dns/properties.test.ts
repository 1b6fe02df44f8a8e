import * as dnsPacket from "dns-packet";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { FixtureError } from "../../src/dns/fixture/validate.ts";
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
