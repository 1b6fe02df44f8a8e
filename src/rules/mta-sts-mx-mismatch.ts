import { httpsEvidence } from "../facts/transport-evidence.ts";
import { defineRule, listWords } from "./define.ts";
import { rfc } from "./references.ts";
import { code, dnsEvidence, transportDomains } from "./transport-helpers.ts";

export default defineRule(
  {
    id: "mta-sts-mx-mismatch",
    severity: "error",
    scope: "domain",
    title: "An MX host is not covered by the MTA-STS policy's mx patterns",
    description:
      "Senders that apply an MTA-STS policy deliver only to MX hosts that match one of its `mx` patterns (RFC 8461 §4.1, §5.1). A pattern is a host name, or `*.` and a domain where `*` stands for exactly one left-most label: `*.example.com` covers `mail.example.com`, not `example.com` nor `a.mail.example.com`. In mode `enforce`, mail to an MX host no pattern covers is not delivered by those senders (an error); in mode `testing` they deliver it and report the failure (a warning). A pattern that matches no MX host is stale or a typo that leaves a host uncovered (a warning). Mode `none` is not checked.",
    references: [rfc(8461, "4.1"), rfc(8461, "5.1"), rfc(8461, "3.2")],
    fix: "Add an `mx:` line for each MX host to the policy (or a `*.` pattern that covers it), remove patterns that match no MX host, and change the `id` of the `_mta-sts` record so that senders fetch the policy again.",
    adjustments: [
      {
        severity: "warning",
        when: "the policy's mode is `testing`, or every MX host is covered and only patterns match nothing",
      },
    ],
  },
  ({ facts, report }) => {
    for (const t of transportDomains(facts)) {
      const sts = t.mtaSts;
      const coverage = sts?.mx.coverage;
      const policy = sts?.policy?.parse?.policy;
      if (sts?.status !== "valid" || coverage === undefined || policy === undefined) continue;
      if (policy.mode !== "enforce" && policy.mode !== "testing") continue;
      const { uncovered, unusedPatterns } = coverage;
      if (uncovered.length === 0 && unusedPatterns.length === 0) continue;
      const parts: string[] = [];
      if (uncovered.length > 0)
        parts.push(
          `${uncovered.length === 1 ? "MX host" : "MX hosts"} ${listWords(uncovered)} ${uncovered.length === 1 ? "matches" : "match"} no \`mx\` pattern of the policy (${listWords(policy.mx)})${policy.mode === "enforce" ? `: senders that apply the policy will not deliver to ${uncovered.length === 1 ? "it" : "them"}` : ": senders in testing mode deliver and report the failure"}`,
        );
      if (unusedPatterns.length > 0)
        parts.push(
          `${unusedPatterns.length === 1 ? "pattern" : "patterns"} ${listWords(unusedPatterns)} ${unusedPatterns.length === 1 ? "matches" : "match"} no MX host`,
        );
      const severity = uncovered.length > 0 && policy.mode === "enforce" ? "error" : "warning";
      const add = uncovered.map((h) => code(`mx: ${h}`)).join(", ");
      const drop = unusedPatterns.map((p) => code(`mx: ${p}`)).join(", ");
      const steps = [
        add !== "" ? `add ${add}` : "",
        drop !== "" ? `remove ${drop} (or correct it, if it was meant for an MX host)` : "",
      ].filter((s) => s !== "");
      report({
        domain: t.domain,
        severity,
        message: `The MTA-STS policy of ${t.domain} (mode ${policy.mode}): ${parts.join("; ")}.`,
        evidence: [
          ...(sts.mx.dns !== undefined ? [dnsEvidence(sts.mx.dns, "the MX hosts")] : []),
          ...(sts.policy !== undefined ? [httpsEvidence(sts.policy.fetch, { body: true, note: "the policy" })] : []),
        ],
        fix: `In the policy at ${code(sts.policy?.fetch.url ?? "")}, ${steps.join(" and ")}; then change the \`id\` in ${code(sts.record.name)} so that senders fetch it again.`,
      });
    }
  },
);
