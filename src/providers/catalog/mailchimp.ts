import type { ProviderEntry } from "../types.ts";
import { domainConnect, fromNotes, verified } from "./sources.ts";

const TEMPLATE = domainConnect("mailchimp.com.email-signing.json");
const HELP = "https://mailchimp.com/help/set-up-email-domain-authentication/";
const PHISHFENCE = "https://phishfence.io/learn/dmarc-mailchimp";
const SPFWISE = "https://spfwise.com/en/article/mailchimp-spf-dkim-dmarc-setup";

export const mailchimp: ProviderEntry = {
  id: "mailchimp",
  name: "Intuit Mailchimp (marketing)",
  kind: "marketing",
  summary:
    "Mailchimp bounces to a domain of its own, so SPF never aligns and no SPF change is needed; DMARC passes through " +
    "DKIM once the domain is authenticated with two CNAMEs (k2, k3; older accounts k1). Until then Mailchimp signs " +
    "with its own mcsv.net domain.",
  settings: {},
  spf: {
    includes: [
      {
        domain: "servers.mcsv.net",
        legacy: true,
        note: "Older set-ups; the envelope uses Mailchimp's domain, so the include has no effect on alignment.",
        sources: [fromNotes(HELP, "S", "third-party guides: no SPF include needed")],
      },
    ],
    mechanisms: [],
    publishedOn: {
      on: "from-domain",
      note: "Nothing to publish: the envelope domain is Mailchimp's.",
      sources: [verified(SPFWISE, "S"), verified(PHISHFENCE, "S")],
    },
  },
  mailFrom: {
    default: {
      kind: "provider",
      domain: "mcsv.net",
      subdomains: true,
      note: "A Mailchimp-owned domain; one guide names mailchimpapp.net.",
      sources: [fromNotes(HELP, "U"), verified(SPFWISE, "S", "something like mailchimpapp.net")],
    },
    custom: { supported: false, dns: [], sources: [fromNotes(HELP, "S")] },
  },
  dkim: {
    selectors: [
      {
        selector: "k2",
        record: "cname",
        targets: ["dkim2.mcsv.net"],
        sources: [fromNotes(TEMPLATE, "C"), fromNotes(HELP, "O")],
      },
      {
        selector: "k3",
        record: "cname",
        targets: ["dkim3.mcsv.net"],
        sources: [fromNotes(TEMPLATE, "C"), fromNotes(HELP, "O")],
      },
      {
        selector: "k1",
        record: "cname",
        targets: ["dkim.mcsv.net"],
        legacy: true,
        sources: [fromNotes(HELP, "O", "still seen in zone files"), verified(PHISHFENCE, "S")],
      },
    ],
    defaultSigning: [
      {
        signsWithOwnDomain: true,
        domain: "mcsv.net",
        sources: [
          fromNotes(HELP, "O"),
          verified(PHISHFENCE, "S", "verifying without authenticating: Mailchimp still signs with mcsv.net"),
        ],
      },
    ],
  },
  detect: { spfIncludes: ["mcsv.net"], cnameTargets: ["mcsv.net"], mxHosts: [] },
};
