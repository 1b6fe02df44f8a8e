import { SELECTOR_PATTERN } from "../patterns.ts";
import type { ProviderEntry } from "../types.ts";
import { domainConnect, fromNotes, verified } from "./sources.ts";

const SPF_HELP = "https://www.zoho.com/mail/help/adminconsole/spf-configuration.html";
const TEMPLATE = domainConnect("zoho.com.zmail_hosting.json");
const BILLING_KB = "https://www.zoho.com/ae/billing/kb/email-notifications/spf-record.html";
const SPFCREATOR = "https://spfcreator.com/resources/spf-record-for-zoho";
const MAILERMONK = "https://mailermonk.com/guides/spf/zoho-mail";
const GODMARC =
  "https://godmarc.freshdesk.com/support/solutions/articles/82000896445-how-to-setup-zoho-mail-spf-record-";
const CONFLICT = "sources conflict on the include name; any of the zoho group is accepted";

export const zohoMail: ProviderEntry = {
  id: "zoho-mail",
  name: "Zoho Mail",
  kind: "mailbox",
  summary:
    "Zoho Mail sends with the user's own address, so SPF is checked on the From domain; the include depends on the " +
    "data centre and the sources disagree on its name (zoho.<dc>, zohomail.<dc>, spf.zoho.<dc>), so every documented " +
    "form is accepted. DKIM is a TXT key at a selector the administrator chooses.",
  settings: {
    region: {
      description:
        "The Zoho data centre, as the top-level part of the Zoho Mail address (com for mail.zoho.com, eu, in...).",
      required: false,
      example: "eu",
      enum: ["com", "eu", "in", "com.au", "jp"],
      default: "com",
    },
    selector: {
      description: "The DKIM selector chosen in the Zoho Mail admin console.",
      required: false,
      example: "zmail",
      pattern: SELECTOR_PATTERN,
    },
  },
  spf: {
    includes: [
      {
        domain: "zoho.{region}",
        group: "zoho",
        note: CONFLICT,
        sources: [
          verified(SPFCREATOR, "S", "zoho.com (US), zoho.eu, zoho.in, zoho.com.au, zoho.jp"),
          verified(BILLING_KB, "U", "Zoho's own page for Zoho Billing notifications: zoho.eu or zoho.com"),
          fromNotes(SPF_HELP, "U", "the vendor page was not retrieved"),
        ],
      },
      {
        domain: "zohomail.{region}",
        group: "zoho",
        note: CONFLICT,
        sources: [
          verified(MAILERMONK, "S", "EU customers: include:zohomail.eu"),
          fromNotes(SPF_HELP, "U", "zohomail.com in the research notes"),
        ],
      },
      {
        domain: "spf.zoho.{region}",
        group: "zoho",
        note: CONFLICT,
        sources: [verified(GODMARC, "S", "include:spf.zoho.eu"), fromNotes(SPF_HELP, "U")],
      },
    ],
    mechanisms: [],
    publishedOn: { on: "from-domain", sources: [fromNotes(TEMPLATE, "U", "SPF rules are variables of the template")] },
  },
  mailFrom: {
    default: { kind: "sender", sources: [fromNotes(SPF_HELP, "S", "the user's own address")] },
    custom: {
      supported: false,
      dns: [],
      note: "Not applicable: the envelope is already the sender's own domain.",
      sources: [fromNotes(SPF_HELP, "S")],
    },
  },
  dkim: {
    selectors: [
      {
        selector: "{selector}",
        record: "txt",
        note: "1024 or 2048 bits; the selector is the administrator's choice (zmail is common).",
        sources: [fromNotes(TEMPLATE, "C", "DKIM as TXT with variable selectors"), verified(MAILERMONK, "S")],
      },
    ],
    defaultSigning: [
      { signsWithOwnDomain: null, note: "Not found in the sources.", sources: [fromNotes(SPF_HELP, "U")] },
    ],
  },
  mx: [
    { host: "mx.zoho.{region}", sources: [fromNotes(TEMPLATE, "O")] },
    { host: "mx2.zoho.{region}", sources: [fromNotes(TEMPLATE, "O")] },
    { host: "mx3.zoho.{region}", sources: [fromNotes(TEMPLATE, "O")] },
  ],
  detect: {
    spfIncludes: ["zoho.com", "zoho.eu", "zoho.in", "zoho.com.au", "zoho.jp", "zohomail.com", "zohomail.eu"],
    cnameTargets: [],
    mxHosts: ["zoho.com", "zoho.eu", "zoho.in", "zoho.com.au", "zoho.jp"],
  },
};
