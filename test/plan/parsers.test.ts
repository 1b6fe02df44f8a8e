/**
 * The readers the fixes and the plan use, on random and truncated input: they never throw, and
 * what they write back is well formed (a DMARC record starts `v=DMARC1; p=`, an SPF proposal
 * starts `v=spf1` and has one `all`, a baseline is read or refused with a reason).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readBaseline } from "../../src/audit/baseline.ts";
import { draftOf, need, render } from "../../src/plan/spf-draft.ts";
import { dmarcTags, editDmarc } from "../../src/rules/dmarc-record.ts";
import { mergeRecords, proposeSpf, validTerms } from "../../src/rules/spf-proposal.ts";

const spfish = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .array(
      fc.constantFrom(
        "v=spf1",
        "ip4:192.0.2.1",
        "include:x.example",
        "a",
        "mx",
        "-all",
        "~all",
        "+all",
        "redirect=y.example",
        "exp=e.example",
        "bad:",
        "ip4:999.1.1.1",
        "  ",
      ),
      { maxLength: 12 },
    )
    .map((t) => t.join(" ")),
);

describe("fix readers never throw", () => {
  it("dmarcTags and editDmarc: any text, any edit, a record that starts v=DMARC1; p=", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom("none", "quarantine", "reject"), (text, p) => {
        const tags = dmarcTags(text);
        expect(new Set(tags.map(([n]) => n)).size).toBe(tags.length);
        const out = editDmarc(text, { p }, ["pct", "t"]);
        expect(out.startsWith(`v=DMARC1; p=${p}`)).toBe(true);
        expect(out).not.toMatch(/(^|; )(pct|t)=/);
        expect(dmarcTags(out).filter(([n]) => n === "p")).toHaveLength(1);
      }),
    );
    // Truncations of a real record.
    const real = "v=DMARC1; p=quarantine; pct=50; rua=mailto:d@example.com; fo=1";
    for (let i = 0; i <= real.length; i++) expect(() => editDmarc(real.slice(0, i), { p: "reject" })).not.toThrow();
  });

  it("SPF proposals from any record: v=spf1 first, one all at most, every given term in", () => {
    fc.assert(
      fc.property(
        spfish,
        fc.array(fc.constantFrom("ip4:203.0.113.9", "ip6:2001:db8::9", "include:p.example"), { maxLength: 3 }),
        fc.boolean(),
        (record, terms, early) => {
          const merged = mergeRecords([record]);
          expect(merged.startsWith("v=spf1")).toBe(true);
          expect(merged.split(" ").filter((t) => /^[-~?+]?all$/i.test(t)).length).toBeLessThanOrEqual(1);
          const proposed = proposeSpf(merged, terms, early);
          for (const t of terms) expect(proposed.split(" ")).toContain(t);
          expect(validTerms(proposed).length).toBeGreaterThanOrEqual(terms.length);
          const draft = draftOf([record, merged]);
          for (const t of terms) need(draft, t);
          const rendered = render(draft);
          expect(rendered.startsWith("v=spf1")).toBe(true);
          // Address terms come before every DNS-querying term.
          const parts = rendered.split(" ");
          const lastIp = Math.max(-1, ...parts.map((p, i) => (/^[-~?+]?ip[46]:/i.test(p) ? i : -1)));
          const firstLookup = parts.findIndex((p) => /^[-~?+]?(include|a|mx|ptr|exists)([:/]|$)/i.test(p));
          if (firstLookup >= 0) expect(lastIp).toBeLessThan(firstLookup);
        },
      ),
    );
  });

  it("readBaseline: any JSON is read or refused with a reason, never thrown", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const read = readBaseline(value);
        if (!read.ok) expect(read.error).toMatch(/^not a baseline file: /);
      }),
    );
  });
});
