/** Property tests: random and truncated input never throws, and never crashes the readers. */

import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Budget, fromBytes } from "../../src/reports/bytes.ts";
import { expand } from "../../src/reports/expand.ts";
import { parseAggregateReport, parseTlsReport, readAggregateReport } from "../../src/reports/index.ts";
import { resolveLimits } from "../../src/reports/limits.ts";
import { reportXml } from "./helpers.ts";
import { zipOf } from "./zip-writer.ts";

const sample = Buffer.from(reportXml(3));
const samples = [sample, gzipSync(sample), zipOf([{ name: "r.xml", data: sample }])];

/** Expands bytes and reads every document; returns outcome strings. Must never throw. */
async function readAll(bytes: Uint8Array): Promise<string[]> {
  const budget: Budget = { inputBytes: bytes.byteLength, producedBytes: 0 };
  const limits = resolveLimits({ maxBufferBytes: 1 << 20, maxDocumentBytes: 1 << 20 });
  const out: string[] = [];
  for await (const item of expand("x", fromBytes(bytes), {
    file: "x",
    limits,
    budget,
    inputSize: bytes.byteLength,
    zipPath: undefined,
  })) {
    if (item.type === "refused") out.push(item.error.reason);
    else if (item.kind === "aggregate") {
      const r = await readAggregateReport(item.source, { onRecord: () => undefined });
      out.push(r.ok ? "ok" : r.error.reason);
    } else {
      for await (const _ of item.source) {
        // drain
      }
      out.push("tls");
    }
  }
  return out;
}

describe("never throws", () => {
  it("parseAggregateReport on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const r = parseAggregateReport(bytes);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 500 },
    );
  });

  it("parseAggregateReport on truncated and mutated reports", () => {
    fc.assert(
      fc.property(
        fc.nat(sample.byteLength),
        fc.nat(sample.byteLength),
        fc.integer({ min: 0, max: 255 }),
        (cut, at, byte) => {
          const bytes = Buffer.from(sample.subarray(0, cut));
          if (at < bytes.byteLength) bytes[at] = byte;
          const r = parseAggregateReport(bytes);
          if (r.ok) expect(r.report.records.length).toBeLessThanOrEqual(3);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("parseAggregateReport on XML-ish text", () => {
    const token = fc.constantFrom(
      "<feedback>",
      "</feedback>",
      "<record>",
      "</record>",
      "<count>",
      "1",
      "</count>",
      "<row>",
      "</row>",
      "<!DOCTYPE x>",
      "&amp;",
      "&x;",
      "<![CDATA[",
      "]]>",
      "<?xml version='1.0'?>",
      "<a:b xmlns:a='u'>",
      " ",
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        const r = parseAggregateReport(Buffer.from(tokens.join("")));
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 500 },
    );
  });

  it("parseTlsReport on random bytes and JSON", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 500 }),
          fc.json().map((j) => Buffer.from(j)),
        ),
        (bytes) => {
          const r = parseTlsReport(bytes);
          expect(typeof r.ok).toBe("boolean");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("containers: random, truncated and mutated gzip, zip and XML", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        fc.nat(4000),
        fc.nat(4000),
        fc.integer({ min: 0, max: 255 }),
        async (base, cut, at, byte) => {
          const bytes = Buffer.from(base.subarray(0, Math.min(cut, base.byteLength)));
          if (at < bytes.byteLength) bytes[at] = byte;
          const out = await readAll(bytes);
          expect(Array.isArray(out)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 1000 }), async (bytes) => {
        expect(Array.isArray(await readAll(bytes))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("containers: every intact sample reads whole", async () => {
    for (const s of samples) expect(await readAll(s)).toEqual(["ok"]);
  });
});
