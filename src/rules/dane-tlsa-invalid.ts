import type { Evidence } from "../facts/evidence.ts";
import { smtpEvidence } from "../facts/transport-evidence.ts";
import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { code, diagnosticList, dnsEvidence, transportDomains } from "./transport-helpers.ts";

export default defineRule(
  {
    id: "dane-tlsa-invalid",
    severity: "error",
    scope: "domain",
    title: "An MX host's TLSA records are unusable, or match no certificate it serves",
    description:
      "DANE for SMTP (RFC 7672) authenticates an MX host by the TLSA records at `_25._tcp.<host>`. Only usages 2 (DANE-TA) and 3 (DANE-EE) apply to SMTP; PKIX-TA (0) and PKIX-EE (1) records are unusable (§3.1.3), and so are unknown selectors or matching types and digests of the wrong length (RFC 6698 §2.1). When a host's records are all unusable, senders use TLS without authenticating it (§2.2). With probes on, the audit also matches the certificate chain the host serves on port 25 against its usable records (§3.1): a certificate renewed without a new TLSA record matches none, and DANE senders then defer mail to the host. Hosts whose TLSA answer is not DNSSEC-validated are `dane-unsigned`'s.",
    references: [rfc(7672, "3.1"), rfc(7672, "3.1.3"), rfc(7672, "2.2"), rfc(6698, "2.1")],
    fix: "Publish `3 1 1` records (the SHA-256 of the server's public key) or `2 1 1` records (of the issuing CA's key), remove PKIX-TA and PKIX-EE records, and publish the record for a new key before the server uses it.",
    adjustments: [{ severity: "warning", when: "usable records that match sit beside the unusable ones" }],
  },
  ({ facts, report }) => {
    const seen = new Set<string>();
    const probes = facts.transport?.probes?.targets ?? [];
    for (const t of transportDomains(facts)) {
      for (const h of t.dane?.hosts ?? []) {
        if (seen.has(h.host) || h.records.length === 0) continue;
        if (h.status !== "usable" && h.status !== "unusable" && h.status !== "unverified") continue;
        seen.add(h.host);
        const bad = h.records.filter((r) => !r.usable);
        const probe = probes.find((p) => p.host === h.host && p.port === 25 && p.tlsa !== undefined);
        const stale = probe?.tlsa !== undefined && h.usableRecords > 0 && !probe.tlsa.matched;
        if (bad.length === 0 && !stale) continue;
        const problems: string[] = [];
        if (stale)
          problems.push(
            `none of its ${h.usableRecords} usable ${h.usableRecords === 1 ? "record matches" : "records match"} the certificate ${h.host} serves on port 25, so DANE senders defer mail to it`,
          );
        if (bad.length > 0)
          problems.push(
            `${bad.length} of ${h.records.length} ${h.records.length === 1 ? "record is" : "records are"} unusable for SMTP: ${diagnosticList(
              bad.flatMap((r) => r.diagnostics.filter((d) => d.severity !== "info")),
              4,
            ).join("; ")}`,
          );
        const severity = stale || h.usableRecords === 0 ? "error" : "warning";
        const leaf =
          probe?.result?.ok && probe.result.tls.status === "ok" ? probe.result.tls.value.chain[0] : undefined;
        const evidence: Evidence[] = [dnsEvidence(h.dns, "the TLSA records")];
        if (probe !== undefined && leaf !== undefined)
          evidence.push(
            smtpEvidence(
              probe,
              [
                `certificate subject: ${leaf.subject}`,
                `certificate issuer: ${leaf.issuer}`,
                `certificate SHA-256: ${leaf.fingerprint256}`,
                ...(probe.spkiSha256 !== undefined ? [`public key (SPKI) SHA-256: ${probe.spkiSha256}`] : []),
                `valid from ${leaf.validFrom} to ${leaf.validTo}`,
              ],
              "the certificate served",
            ),
          );
        const proven =
          probe?.spkiSha256 !== undefined
            ? ` The key ${h.host} serves now is ${code(`${h.name} TLSA 3 1 1 ${probe.spkiSha256}`)}.`
            : "";
        report({
          domain: t.domain,
          severity,
          message: `The TLSA records of MX host ${h.host} (${h.name}): ${problems.join("; ")}.`,
          evidence,
          fix: `${stale ? `Publish a TLSA record for the certificate ${h.host} serves now, keep the old one until no cached answer holds it, and add the next key's record before each renewal.` : `Remove the unusable records at ${code(h.name)} and publish \`3 1 1\` (server key) or \`2 1 1\` (issuing CA key) records.`}${proven}`,
        });
      }
    }
  },
);
