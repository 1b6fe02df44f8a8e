import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { code, probedTargets, probeEvidence, transportDomains } from "./transport-helpers.ts";

export default defineRule(
  {
    id: "smtp-certificate-invalid",
    severity: "error",
    scope: "domain",
    title: "A probed SMTP server's certificate is untrusted, for another name, or out of its dates",
    description:
      "After STARTTLS (or on an implicit-TLS port), the server presents a certificate. Clients that verify require it to chain to a trusted CA, to carry the host name (RFC 6125), and to be within its dates. Submission clients (587, 465) verify; for MX hosts on port 25, senders verify under MTA-STS (RFC 8461 §4.2: in mode `enforce` they do not deliver to a host that fails), while opportunistic senders encrypt without checking. The finding lists each reason (the chain error, the name error, the dates). It is an error on submission ports and on MX hosts of a domain whose MTA-STS policy enforces, a warning otherwise. DANE-EE (`3 1 1`) records authenticate a host without the CA check; their match is `dane-tlsa-invalid`'s.",
    references: [rfc(8461, "4.2"), rfc(6125, "6"), rfc(5280, "6"), rfc(3207, "4.1")],
    fix: "Install a certificate from a public CA that is valid for the host name (a SAN for it), not expired, served with its intermediate certificates.",
    adjustments: [
      {
        severity: "warning",
        when: "the host is an MX host on port 25 and none of its domains has an MTA-STS policy in mode `enforce` (opportunistic senders do not verify the certificate)",
      },
    ],
  },
  ({ facts, report }) => {
    const enforced = new Set(
      transportDomains(facts)
        .filter((t) => t.mtaSts?.status === "valid" && t.mtaSts.mode === "enforce")
        .map((t) => t.domain),
    );
    for (const p of probedTargets(facts)) {
      const tls = p.report.tls.status === "ok" ? p.report.tls.value : undefined;
      if (tls === undefined || tls.valid) continue;
      const leaf = tls.chain[0];
      const reasons: string[] = [];
      // An expired (or not yet valid) leaf also fails the chain check: say it once, as its dates.
      const datesOnly =
        (tls.expired && tls.chainError === "CERT_HAS_EXPIRED") ||
        (tls.notYetValid && tls.chainError === "CERT_NOT_YET_VALID");
      if (!tls.chainTrusted && !datesOnly)
        reasons.push(`it does not chain to a trusted CA (${tls.chainError ?? "unknown error"})`);
      if (!tls.nameMatches)
        reasons.push(`it is not valid for ${p.target.host} (${tls.nameError ?? "no matching name"})`);
      if (tls.expired) reasons.push(`it expired on ${leaf?.validTo ?? "?"}`);
      if (tls.notYetValid) reasons.push(`it is not valid before ${leaf?.validFrom ?? "?"}`);
      const mx = p.target.port === 25;
      const enforcing = p.target.domains.filter((d) => enforced.has(d));
      const severity = !mx || enforcing.length > 0 ? "error" : "warning";
      const effect = !mx
        ? "clients that verify refuse it or warn their users"
        : enforcing.length > 0
          ? `senders that apply the MTA-STS policy of ${enforcing.join(", ")} (mode enforce) do not deliver to it`
          : "senders that verify (MTA-STS in enforce mode) would not deliver to it; opportunistic senders encrypt without checking";
      report({
        domain: p.domain,
        ...(severity === "warning" ? { severity } : {}),
        message: `The certificate of ${p.where} (${p.role}) is not valid: ${reasons.join("; ")}. ${effect[0]?.toUpperCase()}${effect.slice(1)}.`,
        evidence: [
          probeEvidence(
            p,
            [
              `TLS ${tls.protocol} ${tls.cipher.standardName || tls.cipher.name}`,
              ...(leaf !== undefined
                ? [
                    `certificate subject: ${leaf.subject}`,
                    `certificate names: ${leaf.dnsNames.join(", ") || "(none)"}`,
                    `certificate issuer: ${leaf.issuer}`,
                    `valid from ${leaf.validFrom} to ${leaf.validTo}`,
                  ]
                : []),
              ...(tls.chainError !== null ? [`chain: ${tls.chainError}`] : []),
              ...(tls.nameError !== null ? [`name: ${tls.nameError}`] : []),
            ],
            "the certificate served",
          ),
        ],
        fix: `Install on ${code(p.where)} a certificate from a public CA that is valid for ${code(p.target.host)}, not expired, and served with its intermediate certificates.`,
      });
    }
  },
);
