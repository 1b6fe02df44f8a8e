import { SELECTOR_PATTERN } from "../patterns.ts";
import type { ProviderEntry } from "../types.ts";
import { fromNotes, github, verified } from "./sources.ts";

const SPF_HELP = "https://support.google.com/a/answer/10684623";
const TXT_VALUES = "https://support.google.com/a/answer/2716802";
const DKIM_HELP = "https://support.google.com/a/answer/174124";
const DKIM_SELECTOR = "https://support.google.com/a/answer/11611356";
const DNSHEALTH = github("JohnDuprey/DNSHealth", "DNSHealth/MailProviders/Google.json");

export const googleWorkspace: ProviderEntry = {
  id: "google-workspace",
  name: "Google Workspace (Gmail)",
  kind: "mailbox",
  summary:
    "Gmail sends with the user's own address, so SPF is checked on the From domain with Google's include. DKIM is a " +
    "TXT record the administrator generates in the Admin console (selector google by default); until it is turned on, " +
    "Google signs with a gappssmtp.com domain of its own, which does not align.",
  settings: {
    selector: {
      description: "The DKIM selector prefix chosen in the Admin console when the key was generated.",
      required: false,
      example: "google",
      pattern: SELECTOR_PATTERN,
      default: "google",
    },
  },
  spf: {
    includes: [
      {
        domain: "_spf.google.com",
        sources: [
          fromNotes(SPF_HELP, "C"),
          verified(TXT_VALUES, "C", "read in a copy of the page: v=spf1 include:_spf.google.com ~all"),
        ],
      },
    ],
    mechanisms: [],
    publishedOn: { on: "from-domain", sources: [verified(TXT_VALUES, "C")] },
  },
  mailFrom: {
    default: { kind: "sender", sources: [fromNotes(SPF_HELP, "C", "the envelope is the user's own address")] },
    custom: {
      supported: false,
      dns: [],
      note: "Not applicable: the envelope is already the sender's own domain.",
      sources: [fromNotes(SPF_HELP, "C")],
    },
  },
  dkim: {
    selectors: [
      {
        selector: "{selector}",
        record: "txt",
        note: "2048-bit key recommended; 1024-bit when the DNS host cannot hold a long TXT record.",
        sources: [
          verified(DKIM_SELECTOR, "C", "the prefix selector is automatically set to the default, google"),
          fromNotes(DKIM_HELP, "C"),
        ],
      },
    ],
    defaultSigning: [
      {
        signsWithOwnDomain: true,
        domain: "{domainDashed}.20230601.gappssmtp.com",
        note: "Seen with s=20230601 in list-archive headers; the date label may change.",
        sources: [
          fromNotes(
            DKIM_HELP,
            "O",
            "observed in many list-archive headers, e.g. d=rivosinc-com.20230601.gappssmtp.com",
          ),
        ],
      },
    ],
  },
  assigned: { alt: "the number of an alternate Google MX host (alt1...alt4)" },
  mx: [
    { host: "smtp.google.com", sources: [fromNotes(DNSHEALTH, "O")] },
    { host: "aspmx.l.google.com", sources: [fromNotes(DNSHEALTH, "O")] },
    { host: "{alt}.aspmx.l.google.com", sources: [fromNotes(DNSHEALTH, "O")] },
  ],
  detect: { spfIncludes: ["_spf.google.com"], cnameTargets: [], mxHosts: ["google.com"] },
};
