/**
 * Every parsedmarc sample (fixtures/reports/parsedmarc, Apache-2.0) is read through the same path
 * as an import: it parses, with as many records (and messages) as the file's own <record>
 * elements say, or it is refused with a stated reason.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { collect } from "../../src/reports/bytes.ts";
import { parseAggregateReport, parseTlsReport, readInputs } from "../../src/reports/index.ts";
import { FIXTURES } from "./helpers.ts";

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

/** Files refused on purpose, with the reason. */
const REFUSED: Record<string, string> = {
  LICENSE: "unsupported",
  "empty.xml": "empty",
  "aggregate/invalid_xml.xml": "malformed-xml",
  "failure/DMARC Failure Report for domain.de (mail-from=sharepoint@domain.de, ip=10.10.10.10).eml": "not-a-report",
  "failure/[Netease DMARC Failure Report] Rent Reminder.eml": "not-a-report",
  "failure/dmarc_ruf_report_linkedin.crlf.eml": "not-a-report",
  "failure/dmarc_ruf_report_linkedin.eml": "not-a-report",
  "failure/exim_plain_text_only_no_arf_part.eml": "not-a-report",
};

interface Outcome {
  aggregate: { records: number; expected: number; messages: number; expectedMessages: number }[];
  tls: number;
  refused: string[];
}

async function read(path: string): Promise<Outcome> {
  const out: Outcome = { aggregate: [], tls: 0, refused: [] };
  for await (const item of readInputs([path])) {
    if (item.type === "refused") {
      expect(item.error.message.length).toBeGreaterThan(10);
      out.refused.push(item.error.reason);
      continue;
    }
    const bytes = await collect(item.source, 1 << 26, "doc");
    if (item.kind === "tls") {
      const tls = parseTlsReport(bytes);
      if (!tls.ok) out.refused.push(tls.error.reason);
      else out.tls++;
      continue;
    }
    const xml = bytes.toString("latin1");
    const expected = (xml.match(/<(\w+:)?record>/g) ?? []).length;
    const expectedMessages = [...xml.matchAll(/<count>\s*(\d+)\s*<\/count>/g)].reduce((s, m) => s + Number(m[1]), 0);
    const parsed = parseAggregateReport(bytes, { filename: item.name });
    if (!parsed.ok) {
      expect(parsed.error.message).toContain(item.name);
      out.refused.push(parsed.error.reason);
      continue;
    }
    const messages = parsed.report.records.reduce((s, r) => s + r.count, 0);
    out.aggregate.push({ records: parsed.report.records.length, expected, messages, expectedMessages });
  }
  return out;
}

describe("parsedmarc samples", () => {
  const all = files(FIXTURES);
  it("has the samples", () => expect(all.length).toBeGreaterThanOrEqual(30));
  for (const path of all) {
    const name = relative(FIXTURES, path);
    it(name, async () => {
      const outcome = await read(path);
      const refusal = REFUSED[name];
      if (refusal !== undefined) {
        expect(outcome.refused).toEqual([refusal]);
        expect(outcome.aggregate).toEqual([]);
        return;
      }
      expect(outcome.refused).toEqual([]);
      if (name.startsWith("smtp_tls/")) expect(outcome.tls).toBe(1);
      else {
        expect(outcome.aggregate.length).toBe(1);
        for (const a of outcome.aggregate) {
          expect(a.expected).toBeGreaterThan(0);
          expect(a.records).toBe(a.expected);
          expect(a.messages).toBe(a.expectedMessages);
        }
      }
    });
  }
});
