/**
 * The facts of an Exchange audit that DNS left undetermined: the EHLO names of connectors that
 * deliver by DNS (their A/AAAA, the PTR of each egress address, their SPF record), the DKIM CNAMEs
 * of Exchange Online's signing configurations, and the SPF and DMARC of accepted domains the
 * description does not list. Each makes the rule that depends on it silent; `dns-temperror`
 * reports it.
 */
import type { DmarcDiscovery } from "../dmarc/results.ts";
import type { DnsErrorCause, DnsStatus } from "../dns/types.ts";
import { connectorName } from "../exchange/connectors.ts";
import type { ExchangeFacts } from "../facts/exchange.ts";
import { answerState, dmarcState, spfState } from "../facts/state.ts";

/** How `unknownFacts` records a fact (its `add`). */
export type UnknownSink = (
  fact: { domain: string; fact: string; leavesOpen: string[] },
  answers: readonly {
    name: string;
    type: string;
    status: DnsStatus;
    records: readonly unknown[];
    detail?: string | undefined;
    cause?: DnsErrorCause | undefined;
  }[],
  always?: boolean,
) => void;

function dmarcAnswers(d: DmarcDiscovery) {
  return d.lookups.map((l) => ({
    name: l.name,
    type: "TXT",
    status: l.status,
    records: l.txt,
    ...(l.detail !== undefined ? { detail: l.detail } : {}),
  }));
}

/** Adds the Exchange facts that DNS left undetermined. */
export function exchangeUnknowns(facts: ExchangeFacts, add: UnknownSink): void {
  for (const h of facts.helo) {
    const name = `send connector "${connectorName(h.connector)}"`;
    const forward = [h.forward.a, h.forward.aaaa].filter((a) => answerState(a) === "unknown");
    if (forward.length > 0)
      add(
        {
          domain: h.fqdn,
          fact: `the addresses of ${h.fqdn}, the EHLO name of ${name}`,
          leavesOpen: [
            `whether ${h.fqdn} forward-confirms its egress addresses`,
            ...(h.egress.source === "fqdn" ? [`the egress addresses of ${name}`] : []),
          ],
        },
        forward,
        true,
      );
    for (const a of h.addresses) {
      if (answerState(a.ptr) === "unknown")
        add(
          {
            domain: h.fqdn,
            fact: `the PTR record of ${a.ip} (egress of ${name})`,
            leavesOpen: [`whether ${a.ip} has forward-confirmed reverse DNS matching ${h.fqdn}`],
          },
          [a.ptr],
          true,
        );
      if (a.spf.result === "temperror")
        add(
          {
            domain: h.fqdn,
            fact: `the SPF evaluation of the EHLO name ${h.fqdn} for ${a.ip}`,
            leavesOpen: [`whether the SPF record of ${h.fqdn} authorises ${a.ip} (null-sender bounces)`],
          },
          a.spf.trace.flatMap((step) => (step.step === "dns" ? [step] : [])),
          true,
        );
    }
  }
  for (const k of facts.dkim) {
    for (const s of k.selectors) {
      if (answerState(s.answer) !== "unknown") continue;
      add(
        {
          domain: k.domain,
          fact: `the DKIM CNAME ${s.name}`,
          leavesOpen: [`whether ${s.name} points to ${s.expected}, as Get-DkimSigningConfig says`],
        },
        [s.answer],
        true,
      );
    }
  }
  for (const u of facts.unlisted) {
    if (spfState(u.spf.selection) === "unknown")
      add(
        {
          domain: u.domain,
          fact: `the SPF record of ${u.domain} (an accepted domain the description does not list)`,
          leavesOpen: [`whether ${u.domain} publishes SPF`],
        },
        [u.spf.answer],
        true,
      );
    if (dmarcState(u.dmarc) === "unknown")
      add(
        {
          domain: u.domain,
          fact: `the DMARC policy of ${u.domain} (an accepted domain the description does not list)`,
          leavesOpen: [`which DMARC policy protects ${u.domain}`],
        },
        dmarcAnswers(u.dmarc),
        true,
      );
  }
}
