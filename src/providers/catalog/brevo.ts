import type { DkimSelectorFact, ProviderEntry } from "../types.ts";
import { domainConnect, fromNotes, verified } from "./sources.ts";

const FAQ =
  "https://help.brevo.com/hc/en-us/articles/17286219877778-FAQs-About-domain-authentication-Brevo-code-DKIM-DMARC";
const TROUBLESHOOTING =
  "https://help.brevo.com/hc/en-us/articles/16045394674066-Troubleshooting-issues-with-domain-authentication-Brevo-code-DKIM-record-DMARC-record";
const TEMPLATE = domainConnect("brevo.com.domain-authentication.json");
const CAPTAINDNS = "https://www.captaindns.com/en/blog/brevo-transactional-email-technical-guide";

function selector(n: 1 | 2): DkimSelectorFact {
  return {
    selector: `brevo${n}`,
    record: "cname",
    targets: [`b${n}.{domainDashed}.dkim.brevo.com`],
    sources: [
      fromNotes(TEMPLATE, "C", "DKIM as raw TXT or two CNAMEs"),
      fromNotes(FAQ, "O", "target form seen in zone files"),
    ],
  };
}

export const brevo: ProviderEntry = {
  id: "brevo",
  name: "Brevo (formerly Sendinblue)",
  kind: "marketing",
  summary:
    "Brevo bounces to a domain of its own (sender-sib.com), so DMARC passes through DKIM: two CNAMEs (brevo1, brevo2) " +
    "or an older TXT key at mail._domainkey, with a brevo-code TXT record and a DMARC record. Since February 2024 it " +
    "replaces the From address of unauthenticated domains with an address at <id>.brevosend.com.",
  settings: {},
  spf: {
    includes: [
      { domain: "spf.brevo.com", group: "brevo", sources: [fromNotes(TEMPLATE, "O")] },
      {
        domain: "spf.sendinblue.com",
        group: "brevo",
        legacy: true,
        sources: [fromNotes(TEMPLATE, "O", "the Sendinblue name")],
      },
    ],
    mechanisms: [],
    publishedOn: {
      on: "from-domain",
      note: "Not needed for DMARC on shared IPs: the envelope is Brevo's.",
      sources: [verified(CAPTAINDNS, "S", "SPF is unnecessary on shared IP")],
    },
  },
  mailFrom: {
    default: {
      kind: "provider",
      domain: "sender-sib.com",
      subdomains: true,
      sources: [verified(CAPTAINDNS, "S", "the Return-Path uses Brevo's domain (sender-sib.com)")],
    },
    custom: {
      supported: null,
      dns: [],
      note: "Possibly with a dedicated IP only; not confirmed.",
      sources: [fromNotes(FAQ, "U")],
    },
  },
  dkim: {
    selectors: [
      selector(1),
      selector(2),
      { selector: "mail", record: "txt", legacy: true, sources: [fromNotes(TEMPLATE, "O", "the Sendinblue TXT key")] },
    ],
    defaultSigning: [
      {
        signsWithOwnDomain: true,
        domain: "brevosend.com",
        note: "Brevo rewrites the From address itself to <name>@<id>.brevosend.com, so the mail is no longer from the customer's domain.",
        sources: [verified(TROUBLESHOOTING, "C", "we'll auto-replace your domain with @brevosend.com")],
      },
    ],
  },
  detect: { spfIncludes: ["spf.brevo.com", "spf.sendinblue.com"], cnameTargets: ["dkim.brevo.com"], mxHosts: [] },
};
