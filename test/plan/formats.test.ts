/**
 * The formats of a plan: the zone-file fragment (RFC 1035 §5.1 quoting, 255-octet strings, null
 * MX, removals, inert comments), text and Markdown (before/after table, changes, manual steps), and
 * the helpers that keep DNS text inert in fixes.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Plan, PlanChange } from "../../src/plan/types.ts";
import { formatPlanMarkdown } from "../../src/report/plan-markdown.ts";
import { formatPlanText } from "../../src/report/plan-text.ts";
import { formatZone, zoneData, zoneLines, zoneName } from "../../src/report/zone.ts";
import { block, code, inert, splitTxt } from "../../src/rules/fix-text.ts";
import { planScenario, SCENARIOS } from "./scenario-helpers.ts";
import { fields, parseFragment } from "./zone-fragment.ts";

const change = (extra: Partial<PlanChange>): PlanChange => ({
  name: "example.com",
  type: "TXT",
  records: [],
  ttl: 300,
  reasons: [{ ruleId: "spf-missing", text: "why" }],
  notes: [],
  ...extra,
});

describe("fix text: DNS text stays inert", () => {
  it.each([
    ["a newline", "a\nb", "a\\u{a}b"],
    ["a carriage return and an escape", "x\r\u001b[31m", "x\\u{d}\\u{1b}[31m"],
    ["a bidi override", "abc\u202edef", "abc\\u{202e}def"],
    ["a zero-width space", "pay\u200bpal", "pay\\u{200b}pal"],
    ["plain text", "v=spf1 -all", "v=spf1 -all"],
  ])("inert: %s", (_what, input, output) => expect(inert(input)).toBe(output));

  it("code spans cannot be closed by their content; blocks are indented, one inert line each", () => {
    expect(code("a`b")).toBe("``a`b``");
    expect(code("`x`")).toBe("`` `x` ``");
    expect(block(["v=spf1 -all", "x\n# h"])).toBe("\n\n    v=spf1 -all\n    x\\u{a}# h");
  });

  it("splits TXT data at 255 octets without cutting a character, and joins back to the same text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 700 }), (text) => {
        const parts = splitTxt(text);
        expect(parts.join("")).toBe(text);
        for (const p of parts) expect(Buffer.byteLength(p, "utf8")).toBeLessThanOrEqual(255);
        if (text !== "") for (const p of parts) expect(p.length).toBeGreaterThan(0);
      }),
    );
    const long = `v=spf1 ${"ip4:192.0.2.1 ".repeat(30)}-all`;
    expect(splitTxt(long).map((s) => s.length)).toEqual([255, long.length - 255]);
    expect(splitTxt("é".repeat(200)).map((s) => Buffer.byteLength(s))).toEqual([254, 146]);
  });
});

describe("zone format", () => {
  it.each<[string, string, unknown, string]>([
    ["TXT quoting", "TXT", ['say "hi" \\ bye'], '"say \\"hi\\" \\\\ bye"'],
    ["TXT bytes outside printable ASCII", "TXT", ["é;\n"], '"\\195\\169;\\010"'],
    ["TXT over 255 octets, split", "TXT", ["a".repeat(300)], `"${"a".repeat(255)}" "${"a".repeat(45)}"`],
    ["null MX", "MX", { preference: 0, exchange: "" }, "0 ."],
    ["MX", "MX", { preference: 10, exchange: "mx.example.com" }, "10 mx.example.com."],
    ["CNAME, absolute", "CNAME", "dkim2.mcsv.net", "dkim2.mcsv.net."],
  ])("%s", (_what, type, record, data) => expect(zoneData(type, record)).toBe(data));

  it("writes owner names absolute, escaping what a zone file would read otherwise", () => {
    expect(zoneName("example.com")).toBe("example.com.");
    expect(zoneName("s1._domainkey.example.com.")).toBe("s1._domainkey.example.com.");
    expect(zoneName("a b;c.example")).toBe("a\\032b\\059c.example.");
  });

  it("writes a removal as a comment, and comments never take a new line from DNS text", () => {
    const lines = zoneLines(
      change({
        records: [],
        reasons: [{ ruleId: "x", text: 'evil\nexample.com. 300 IN TXT "injected"' }],
        notes: ["n\r\n"],
      }),
    );
    expect(lines).toEqual([
      '; [x] evil\\u{a}example.com. 300 IN TXT "injected"',
      "; note: n\\u{d}\\u{a}",
      "; REMOVE example.com. TXT: delete every TXT record at this name",
    ]);
    const parsed = parseFragment(lines.join("\n"));
    expect(parsed.removals).toEqual([{ name: "example.com", type: "TXT" }]);
    expect(parsed.rrsets.size).toBe(0);
  });

  it("round-trips any TXT data through the fragment (quoted, escaped, split) back to the same text", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 400 }), { minLength: 1, maxLength: 3 }), (texts) => {
        const c = change({ records: texts.map((t) => splitTxt(t)) });
        const parsed = parseFragment(zoneLines(c).join("\n"));
        const back = (parsed.rrsets.get("example.com")?.get("TXT") ?? []) as string[][];
        expect(back.map((r) => r.join(""))).toEqual(texts);
      }),
    );
  });

  it("a quoted ';' is data, not a comment", () => {
    expect(fields('a. 300 IN TXT "v=DMARC1; p=none" ; why').map((f) => f.text)).toEqual([
      "a.",
      "300",
      "IN",
      "TXT",
      "v=DMARC1; p=none",
    ]);
  });
});

describe("plan text and Markdown", () => {
  let contoso: Plan;
  beforeAll(async () => {
    contoso = (await planScenario(SCENARIOS.find((d) => d.endsWith("contoso")) ?? "")).plan;
  });

  it("text: the result, the paths before and after, then each change with why", () => {
    const text = formatPlanText(contoso, { width: Number.POSITIVE_INFINITY });
    expect(text).toMatch(
      /^email-auth-audit \S+ · fix plan for Contoso · 2026-11-23T09:00:00\.000Z\nResult: CLEAN · after these changes the audit reports no error \(1 error before, 0 after\) · 4 changes, 2 manual steps\n/,
    );
    expect(text).toMatch(/onprem-via-relay\s+contoso\.example\s+smart host edge-relay\s+FRAGILE\s+PASS/);
    expect(text).toContain(
      '  contoso.example TXT TTL 3600\n    why: [smarthost-not-authorized] authorise 203.0.113.25 and 2001:db8:25::25 (path onprem-via-relay)\n    │ "v=spf1 ip4:198.51.100.0/28 ip4:203.0.113.25 ip6:2001:db8:25::25 include:spf.protection.outlook.com -all"\n    │ "MS=ms48151623"',
    );
    expect(text).toMatch(
      /Manual steps \(DNS cannot do these\)\n {2}1\. \[dmarc-report-destination-unauthorized\] contoso\.example\n {5}Ask the operator of `reports\.dmarc-vendor\.example`.*\n {2}2\. \[spf-unaligned\] news\.contoso\.example · path newsletters\n/,
    );
    // The order of the sections: paths, changes, manual steps.
    expect(text.indexOf("Sending paths")).toBeLessThan(text.indexOf("Changes"));
    expect(text.indexOf("Changes")).toBeLessThan(text.indexOf("Manual steps"));
  });

  it("Markdown: a table of paths before and after, and each change as a zone block", () => {
    const md = formatPlanMarkdown(contoso);
    expect(md).toMatch(/^## email-auth-audit: fix plan for Contoso: ✅ CLEAN\n/);
    expect(md).toContain("| `onprem-via-relay` | `contoso.example` | smart host edge-relay | ⚠️ fragile | ✅ pass |");
    expect(md).toContain(
      '```\ncontoso.example. 3600 IN TXT "v=spf1 ip4:198.51.100.0/28 ip4:203.0.113.25 ip6:2001:db8:25::25 include:spf.protection.outlook.com -all"\n',
    );
    expect(md).toMatch(
      /### Manual steps\n\n1\. `dmarc-report-destination-unauthorized` \(`contoso\.example`\): Ask the operator[^\n]*\n2\. `spf-unaligned` \(`news\.contoso\.example`, path `newsletters`\): Set up a custom MAIL FROM/,
    );
  });

  it("zone: a header that says what the file is, then each change", () => {
    const zone = formatZone(contoso);
    expect(zone.split("\n").slice(0, 4)).toEqual([
      `; email-auth-audit ${contoso.tool.version}: fix plan for Contoso, 2026-11-23T09:00:00.000Z`,
      "; Each RRset below replaces every record of its name and type (records of other types stay).",
      "; After these changes: no error finding.",
      "; 2 manual step(s) are not in this file (see the text or JSON plan).",
    ]);
    expect(zone).toContain('\napp.contoso.example. 3600 IN TXT "v=spf1 -all"\n');
  });
});
