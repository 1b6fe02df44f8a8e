import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { code, dnsEvidence, transportDomains } from "./transport-helpers.ts";

export default defineRule(
  {
    id: "dane-unsigned",
    severity: "error",
    scope: "domain",
    title: "TLSA records are published in a zone DNSSEC does not validate: senders ignore them",
    description:
      "DANE for SMTP trusts TLSA records only when their answer is DNSSEC-validated (RFC 7672 §2.2): records from an unsigned (insecure) zone are ignored and senders fall back to opportunistic TLS, so the host is not protected although the records suggest it is. The audit reads the AD bit of each TLSA answer, which only a validating resolver sets: run it with `--dnssec` and a validating `--resolver` (a resolver that does not validate would make every zone look unsigned). Without `--dnssec` the validation state is unknown and this rule stays silent.",
    references: [rfc(7672, "2.2"), rfc(7672, "2.2.1"), rfc(4035, "3.2.3")],
    fix: "Sign the zone that holds `_25._tcp.<host>` with DNSSEC and publish its DS record in the parent zone, or remove the TLSA records if DANE is not wanted.",
  },
  ({ facts, report }) => {
    const seen = new Set<string>();
    for (const t of transportDomains(facts)) {
      for (const h of t.dane?.hosts ?? []) {
        if (h.status !== "unsigned" || seen.has(h.host)) continue;
        seen.add(h.host);
        const mxUnsigned = t.dane?.mxAuthenticated === false;
        report({
          domain: t.domain,
          message: `MX host ${h.host} has ${h.records.length} TLSA ${h.records.length === 1 ? "record" : "records"} at ${h.name}, but the answer is not DNSSEC-validated (the validating resolver left the AD bit clear): senders ignore them and DANE does not protect mail to ${h.host}.${mxUnsigned ? ` The MX answer of ${t.domain} is not validated either.` : ""}`,
          evidence: [
            dnsEvidence(h.dns, "the TLSA records"),
            ...(mxUnsigned && t.dane?.mx.dns !== undefined ? [dnsEvidence(t.dane.mx.dns, "the MX records")] : []),
          ],
          fix: `Sign the zone that holds ${code(h.name)} with DNSSEC and publish its DS record in the parent zone (or remove the TLSA records if DANE is not wanted), then check with a validating resolver that the answer carries the AD bit.`,
        });
      }
    }
  },
);
