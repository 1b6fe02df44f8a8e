import { DOMAIN_PATTERN } from "../patterns.ts";
import type { DkimSelectorFact, ProviderEntry } from "../types.ts";
import { fromNotes, verified } from "./sources.ts";

const AUTH_DOCS = "https://mailchimp.com/developer/transactional/docs/authentication-delivery/";
const RELEASE_NOTE = "https://mailchimp.com/developer/release-notes/new-sending-domain-authentication-requirements";
const MXIO = "https://mxio.io/providers/mandrill";
const SENDERCLARITY = "https://www.senderclarity.com/";

function selector(n: 1 | 2): DkimSelectorFact {
  return {
    selector: `mte${n}`,
    record: "cname",
    targets: [`dkim${n}.mandrillapp.com`],
    sources: [verified(RELEASE_NOTE, "C", `mte${n}._domainkey.yourdomain.com with the value dkim${n}.mandrillapp.com`)],
  };
}

export const mandrill: ProviderEntry = {
  id: "mandrill",
  name: "Mailchimp Transactional (Mandrill)",
  kind: "esp",
  summary:
    "Since March 2024 Mandrill sends only from verified domains with its two DKIM CNAMEs (mte1, mte2) and a DMARC " +
    "record (p=none at least); otherwise it sends from a mandrillapp.com subdomain. Bounces go to mandrillapp.com " +
    "unless a custom return-path domain is set up.",
  settings: {
    returnPathDomain: {
      description: "A custom return-path domain set up under Tracking & Return Path Domains.",
      required: false,
      example: "mail.contoso.example",
      pattern: DOMAIN_PATTERN,
    },
  },
  spf: {
    includes: [
      {
        domain: "spf.mandrillapp.com",
        note: "Older documentation requires it; the 2024 requirements name only DKIM and DMARC.",
        sources: [
          verified(AUTH_DOCS, "C", "You'll need to add SPF and DKIM records (one captured version)"),
          verified(MXIO, "S"),
        ],
      },
    ],
    mechanisms: [],
    publishedOn: { on: "from-domain", sources: [verified(AUTH_DOCS, "C")] },
  },
  mailFrom: {
    default: { kind: "provider", domain: "mandrillapp.com", sources: [fromNotes(AUTH_DOCS, "O")] },
    custom: {
      supported: true,
      setting: "returnPathDomain",
      dns: [],
      note: "The DNS record a custom return-path domain needs is not in the sources.",
      sources: [
        fromNotes(
          SENDERCLARITY,
          "S",
          "a senderclarity.com guide (page not recorded in the notes): Tracking & Return Path Domains",
        ),
      ],
    },
  },
  dkim: {
    selectors: [selector(1), selector(2)],
    defaultSigning: [
      {
        signsWithOwnDomain: true,
        domain: "mandrillapp.com",
        note: "Mail from a domain that does not meet the requirements is sent from a mandrillapp.com subdomain instead.",
        sources: [verified(RELEASE_NOTE, "C", "we'll use a mandrillapp.com subdomain as the sending domain")],
      },
    ],
  },
  detect: { spfIncludes: ["spf.mandrillapp.com"], cnameTargets: ["mandrillapp.com"], mxHosts: [] },
};
