import fc from "fast-check";
import { spfRecord, validTerm, oddTerm } from "../test/spf/generate.ts";
import { parseSpf } from "../src/spf/parse.ts";
const noisy = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }).map((s) => `v=spf1 ${s}`),
  fc.array(fc.oneof(validTerm, oddTerm, fc.string({ maxLength: 12 })), { maxLength: 10 }).map((parts) => `v=spf1 ${parts.join(" ")}`),
  spfRecord,
);
const s = fc.sample(noisy, 2000);
const ok = s.filter(t => parseSpf(t).ok).length;
console.log("ok", ok, "of", s.length, "nonempty ok", s.filter(t => { const p = parseSpf(t); return p.ok && p.terms.length > 0; }).length);
