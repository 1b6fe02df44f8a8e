import { fetchState } from "../facts/transport.ts";
import { httpsEvidence } from "../facts/transport-evidence.ts";
import { defineRule } from "./define.ts";
import { doc, rfc } from "./references.ts";
import { code, diagnosticList, dnsEvidence, transportDomains } from "./transport-helpers.ts";

const BIMI = "https://datatracker.ietf.org/doc/draft-brand-indicators-for-message-identification/";
const SVG = "https://datatracker.ietf.org/doc/draft-svg-tiny-ps-abrotman/";

export default defineRule(
  {
    id: "bimi-invalid",
    severity: "warning",
    scope: "domain",
    title: "The BIMI record, its logo or the DMARC policy it needs is wrong: no logo is shown",
    description:
      'BIMI lets mailbox providers show the sender\'s logo. The record at `default._bimi.<domain>` (or the Organizational Domain\'s) is a tag list that begins with `v=BIMI1`, with `l=` an HTTPS URL of an SVG logo and `a=` an HTTPS URL of the evidence document (draft-brand-indicators-for-message-identification §4). The logo must be SVG Tiny PS (draft-svg-tiny-ps-abrotman): `version="1.2"`, `baseProfile="tiny-ps"`, a `<title>`, no scripts, animations or external references, at most 32 KB, fetched without redirects. BIMI also requires DMARC at enforcement: `p=quarantine` or `p=reject` applying to all mail, and no `sp=none` (§7.1). The audit checks BIMI only for From domains at `p=quarantine` or `p=reject`; a logo it could not fetch (a timeout, an offline run) is unknown, not wrong.',
    references: [
      doc("BIMI draft §4 (record)", BIMI),
      doc("BIMI draft §7.1 (DMARC)", BIMI),
      doc("SVG Tiny PS draft", SVG),
      rfc(9989, "4.7"),
    ],
    fix: 'Publish one record such as `default._bimi.<domain> TXT "v=BIMI1; l=https://<host>/logo.svg; a="`, serve the logo as SVG Tiny PS over HTTPS (status 200, no redirect), and keep DMARC at `p=quarantine` or `p=reject` for all mail.',
  },
  ({ facts, report }) => {
    for (const t of transportDomains(facts)) {
      const bimi = t.bimi;
      if (bimi?.status !== "invalid") continue;
      const logo = bimi.logo;
      const undetermined =
        logo !== undefined && fetchState(logo.fetch) === "unknown" ? `bimi-logo-${logo.fetch.failure}` : "";
      const errors = bimi.diagnostics.filter((d) => d.severity === "error" && d.code !== undetermined);
      if (errors.length === 0) continue;
      const evidence = [
        ...bimi.lookups.map((l) => dnsEvidence(l.dns, "the BIMI record")),
        ...(logo !== undefined ? [httpsEvidence(logo.fetch, { body: logo.svg !== undefined, note: "the logo" })] : []),
      ];
      report({
        domain: t.domain,
        message: `BIMI for ${t.domain}${bimi.recordName !== undefined ? ` (${bimi.recordName})` : ""} does not work, so no logo is shown: ${diagnosticList(errors, 6).join("; ")}.`,
        evidence,
        ...(bimi.recordName !== undefined
          ? {
              fix: `Correct what is listed: the record at ${code(bimi.recordName)} must begin with \`v=BIMI1;\` and give \`l=\` as an HTTPS URL of an SVG Tiny PS logo served with status 200 and no redirect; DMARC must stay at \`p=quarantine\` or \`p=reject\` for all mail, without \`sp=none\`.`,
            }
          : {}),
      });
    }
  },
);
