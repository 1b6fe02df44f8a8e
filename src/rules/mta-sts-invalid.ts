import type { Evidence } from "../facts/evidence.ts";
import { receivesMail } from "../facts/transport.ts";
import { httpsEvidence } from "../facts/transport-evidence.ts";
import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { code, diagnosticList, dnsEvidence, transportDomains } from "./transport-helpers.ts";

export default defineRule(
  {
    id: "mta-sts-invalid",
    severity: "error",
    scope: "domain",
    title: "The MTA-STS record or policy is invalid: senders apply no policy",
    description:
      "MTA-STS (RFC 8461) tells senders to require TLS with a valid certificate when they deliver to the domain's MX hosts. Senders discard `_mta-sts` TXT records that do not begin exactly with `v=STSv1;`; when the number left is not one, or that record is invalid (an `id` of 1 to 32 letters and digits is required), they assume there is no policy (§3.1). The policy fetched from `https://mta-sts.<domain>/.well-known/mta-sts.txt` must follow the §3.2 grammar: `version: STSv1`, a `mode` of `enforce`, `testing` or `none`, a `max_age` of at most 31,557,600 seconds, and at least one `mx` pattern unless the mode is `none`. A policy that breaks it is not applied either. The finding lists each problem with its line or position. A policy that cannot be fetched is `mta-sts-policy-unreachable`; one that does not cover an MX host is `mta-sts-mx-mismatch`.",
    references: [rfc(8461, "3.1"), rfc(8461, "3.2"), rfc(8461, "3.3")],
    fix: "Publish exactly one TXT record at `_mta-sts.<domain>` such as `v=STSv1; id=20261123T0900`, and serve a policy with `version: STSv1`, `mode: testing` (then `enforce`), one `mx:` line per MX host and `max_age: 604800`. Change the `id` whenever the policy changes, so that senders fetch it again.",
  },
  ({ facts, report }) => {
    for (const t of transportDomains(facts)) {
      const sts = t.mtaSts;
      if (sts?.status !== "invalid") continue;
      const record = sts.record;
      const recordProblems: string[] = [];
      if (record.outcome === "multiple")
        recordProblems.push(
          `${record.records.length} records begin with "v=STSv1": senders then assume there is no policy`,
        );
      if (record.nearMisses.length > 0)
        recordProblems.push(
          `${record.nearMisses.length === 1 ? "a record nearly begins" : `${record.nearMisses.length} records nearly begin`} with "v=STSv1;" and senders discard it`,
        );
      if (record.outcome === "invalid")
        recordProblems.push(...diagnosticList((record.parse?.diagnostics ?? []).filter((d) => d.severity === "error")));
      const policy = record.outcome === "valid" ? sts.policy : undefined;
      const policyProblems = diagnosticList((policy?.parse?.diagnostics ?? []).filter((d) => d.severity === "error"));
      const problems = recordProblems.length > 0 ? recordProblems : policyProblems;
      if (problems.length === 0) continue;
      const what =
        recordProblems.length > 0
          ? `The MTA-STS record ${record.name}`
          : `The MTA-STS policy ${policy?.fetch.url ?? ""}`;
      const evidence: Evidence[] = [dnsEvidence(record.dns, "the MTA-STS record")];
      if (policy !== undefined) evidence.push(httpsEvidence(policy.fetch, { body: true, note: "the policy" }));
      const domain = facts.domains.find((d) => d.domain === t.domain);
      const hosts = domain !== undefined && receivesMail(domain) ? sts.mx.hosts : [];
      const mxLines = hosts.map((h) => code(`mx: ${h}`)).join(", ");
      const fix =
        recordProblems.length > 0
          ? `Keep exactly one TXT record at ${code(record.name)}, beginning exactly with \`v=STSv1;\` and with an \`id\` of 1 to 32 letters and digits, such as ${code("v=STSv1; id=20261123T0900")}. Delete the others.`
          : `Correct the policy at ${code(policy?.fetch.url ?? "")}: one \`key: value\` per line, \`version: STSv1\`, \`mode: testing\` or \`enforce\`, \`max_age\` in seconds (at most 31557600)${mxLines !== "" ? `, and one line per MX host: ${mxLines}` : ""}. Then change the \`id\` in ${code(record.name)} so that senders fetch the policy again.`;
      report({
        domain: t.domain,
        message: `${what} of ${t.domain} is invalid, so senders apply no MTA-STS policy to it: ${problems.join("; ")}.`,
        evidence,
        fix,
      });
    }
  },
);
