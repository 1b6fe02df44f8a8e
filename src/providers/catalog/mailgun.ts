import { DOMAIN_PATTERN, SELECTOR_PATTERN } from "../patterns.ts";
import type { DkimSelectorFact, ProviderEntry } from "../types.ts";
import { domainConnect, fromNotes, verified } from "./sources.ts";

const VERIFY = "https://documentation.mailgun.com/docs/mailgun/user-manual/domains/domains-verify.md";
const AUTOSECURITY = domainConnect("zybr.ai.mailgun-autosecurity.json");

function automaticSelector(n: 1 | 2): DkimSelectorFact {
  return {
    selector: `pdk${n}`,
    record: "cname",
    targets: [`pdk${n}._domainkey.{id}.{cluster}.{area}.mgsend.org`, `pdk${n}._domainkey.{id}.dkim1.mailgun.com`],
    when: [{ setting: "dkimSelector", present: false }],
    note: "Automatic Sender Security: CNAMEs to keys Mailgun rotates (pdk1, pdk2); older targets end in dkim1.mailgun.com.",
    sources: [
      fromNotes(AUTOSECURITY, "O", "a third-party Domain Connect template with pdk1/pdk2 CNAMEs"),
      fromNotes(VERIFY, "O", "targets pdk1._domainkey.<id>.dkim1.us.mgsend.org seen in zone files"),
    ],
  };
}

export const mailgun: ProviderEntry = {
  id: "mailgun",
  name: "Mailgun (Sinch)",
  kind: "esp",
  summary:
    "Mailgun sends from a sending domain registered in the account (often a subdomain such as mg.contoso.example), " +
    "which carries its SPF include (mailgun.org) and DKIM key, and is taken to be the envelope domain too. A sending " +
    "domain below the From domain aligns under relaxed alignment. Unverified domains are limited to 300 messages a day.",
  settings: {
    sendingDomain: {
      description:
        "The sending domain registered in Mailgun, when it is not the From domain itself (often mg.<domain>).",
      required: false,
      example: "mg.contoso.example",
      pattern: DOMAIN_PATTERN,
    },
    dkimSelector: {
      description:
        "The selector of a DKIM TXT key shown in the control panel (older set-ups: k1, krs, mx, smtp, pic, mailo...).",
      required: false,
      example: "krs",
      pattern: SELECTOR_PATTERN,
    },
  },
  assigned: {
    id: "the per-domain id in Mailgun's DKIM targets",
    cluster: "the DKIM cluster label in Mailgun's targets (dkim1, dkim2...)",
    area: "the Mailgun region label in DKIM targets (us or eu)",
  },
  spf: {
    includes: [
      { domain: "mailgun.org", sources: [verified(VERIFY, "C", "TXT v=spf1 include:mailgun.org ~all, required")] },
    ],
    mechanisms: [],
    publishedOn: {
      on: "mail-from-domain",
      note: "On the sending domain, which Mailgun uses as the envelope domain.",
      sources: [verified(VERIFY, "C", "the records go on the domain added to Mailgun")],
    },
  },
  mailFrom: {
    default: {
      kind: "sender",
      note: "The envelope uses the sending domain; taken as the From domain when no sendingDomain is given.",
      sources: [fromNotes(VERIFY, "U", "inferred: SPF is required on the sending domain itself")],
    },
    custom: {
      supported: true,
      setting: "sendingDomain",
      dns: [
        { type: "TXT", name: "{sendingDomain}", value: "v=spf1 include:mailgun.org ~all" },
        {
          type: "MX",
          name: "{sendingDomain}",
          value: "10 mxa.mailgun.org",
          alternatives: ["10 mxa.eu.mailgun.org"],
          note: "To receive mail on the domain.",
        },
        {
          type: "MX",
          name: "{sendingDomain}",
          value: "10 mxb.mailgun.org",
          alternatives: ["10 mxb.eu.mailgun.org"],
          note: "To receive mail on the domain.",
        },
      ],
      note: "A subdomain of the From domain as sending domain keeps SPF aligned (relaxed alignment).",
      sources: [verified(VERIFY, "C", "SPF TXT, DKIM TXT, tracking CNAME mailgun.org, MX mxa/mxb.mailgun.org")],
    },
  },
  dkim: {
    signingDomainSetting: "sendingDomain",
    selectors: [
      automaticSelector(1),
      automaticSelector(2),
      {
        selector: "{dkimSelector}",
        record: "txt",
        when: [{ setting: "dkimSelector", present: true }],
        note: "Older set-ups: a TXT key at a per-domain selector shown in the control panel.",
        sources: [verified(VERIFY, "C", "find this record in the Domain Verification & DNS section")],
      },
    ],
    defaultSigning: [
      {
        signsWithOwnDomain: null,
        note: "Unverified domains show 'sent via Mailgun.org'; what they are signed with is not documented.",
        sources: [verified(VERIFY, "U", "No more 'sent via Mailgun.org' message once verified")],
      },
    ],
  },
  mx: [
    { host: "mxa.mailgun.org", sources: [verified(VERIFY, "C")] },
    { host: "mxb.mailgun.org", sources: [verified(VERIFY, "C")] },
  ],
  detect: { spfIncludes: ["mailgun.org"], cnameTargets: ["mgsend.org", "mailgun.com"], mxHosts: ["mailgun.org"] },
};
