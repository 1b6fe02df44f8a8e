import { fetchState } from "../facts/transport.ts";
import { httpsEvidence } from "../facts/transport-evidence.ts";
import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { code, dnsEvidence, transportDomains } from "./transport-helpers.ts";

const WHY: Record<string, string> = {
  "host-not-found": "the policy host has no A or AAAA record",
  connect: "the policy host refused the connection",
  certificate: "its certificate is not valid for the policy host (RFC 8461 §3.3 requires one)",
  tls: "the TLS handshake failed",
  http: "the HTTP exchange broke off",
  redirect: "the server redirects, and senders must not follow redirects (RFC 8461 §3.3)",
  "http-status": "the server does not answer 200",
  "too-large": "the policy is larger than the 64 KB senders read",
  "content-type": "the media type is not `text/plain`",
};

const FIX: Record<string, string> = {
  "host-not-found":
    "Publish an A (and AAAA) record for `mta-sts.<domain>` pointing to a web server that serves the policy.",
  connect: "Make the web server for `mta-sts.<domain>` accept HTTPS connections on port 443.",
  certificate:
    "Install a certificate from a public CA that is valid for `mta-sts.<domain>` (a SAN for that name, not expired, with its intermediates).",
  tls: "Repair the TLS configuration of the web server for `mta-sts.<domain>` (TLS 1.2 or 1.3, a certificate for the name).",
  http: "Repair the web server for `mta-sts.<domain>` so that it answers a GET of `/.well-known/mta-sts.txt` completely.",
  redirect:
    "Serve the policy at `https://mta-sts.<domain>/.well-known/mta-sts.txt` itself with status 200: senders do not follow redirects.",
  "http-status": "Serve the policy at `https://mta-sts.<domain>/.well-known/mta-sts.txt` with status 200.",
  "too-large": "Serve the policy itself (a few lines), not a larger document.",
  "content-type": "Serve the policy with `Content-Type: text/plain`.",
};

export default defineRule(
  {
    id: "mta-sts-policy-unreachable",
    severity: "error",
    scope: "domain",
    title: "The MTA-STS record is published but its policy cannot be fetched",
    description:
      "A valid `_mta-sts` record tells senders to fetch the policy from `https://mta-sts.<domain>/.well-known/mta-sts.txt` (RFC 8461 §3.3): over HTTPS with a certificate valid for that host, status 200 only, no redirect followed, at most 64 KB, media type `text/plain`. When the fetch fails, senders that have no cached policy apply none, and those with a cached one keep a policy that can no longer be updated; the domain's mail loses the protection it announces. The audit reports only failures the server or DNS answered definitely (no such host, a refused connection, a bad certificate, a redirect, another status, a body too large, the wrong media type, a broken handshake); a timeout or an unreachable network is a fact it could not establish (`dns-temperror`), never this finding.",
    references: [rfc(8461, "3.3"), rfc(8461, "3.1"), rfc(6125, "6")],
    fix: "Serve the policy at `https://mta-sts.<domain>/.well-known/mta-sts.txt` with status 200, `Content-Type: text/plain` and a certificate valid for `mta-sts.<domain>`; senders do not follow redirects.",
    adjustments: [
      {
        severity: "warning",
        when: "the only problem is the media type (RFC 8461 §3.3: it SHOULD be `text/plain`) and the policy parses",
      },
    ],
  },
  ({ facts, report }) => {
    for (const t of transportDomains(facts)) {
      const sts = t.mtaSts;
      const fetch = sts?.policy?.fetch;
      if (sts?.status !== "unreachable" || fetch === undefined || fetchState(fetch) !== "failed") continue;
      const failure = fetch.failure ?? "http";
      const onlyType = failure === "content-type" && sts.policy?.parse?.valid === true;
      const evidence = [
        dnsEvidence(sts.record.dns, "the MTA-STS record"),
        ...(failure === "host-not-found" ? fetch.dns.map((e) => dnsEvidence(e)) : []),
        httpsEvidence(fetch, { body: failure === "content-type" }),
      ];
      report({
        domain: t.domain,
        ...(onlyType ? { severity: "warning" as const } : {}),
        message: `${t.domain} publishes an MTA-STS record, but its policy ${fetch.url} cannot be fetched as senders fetch it: ${WHY[failure] ?? fetch.detail} (${fetch.detail}).${onlyType ? " The policy itself parses; some senders accept it, others do not." : " Senders without a cached policy apply none."}`,
        evidence,
        ...(FIX[failure] !== undefined
          ? {
              fix: FIX[failure]
                .replaceAll("`https://mta-sts.<domain>/.well-known/mta-sts.txt`", code(fetch.url))
                .replaceAll("`mta-sts.<domain>`", code(fetch.host)),
            }
          : {}),
      });
    }
  },
);
