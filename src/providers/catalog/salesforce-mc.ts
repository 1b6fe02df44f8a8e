import { DOMAIN_PATTERN, SELECTOR_PATTERN } from "../patterns.ts";
import type { DnsRequirement, ProviderEntry } from "../types.ts";
import { verified } from "./sources.ts";

const SAP_QUICKSTART = "https://senderauth.marketingcloud.com/quickstart.php";
const MXTOOLBOX = "https://mxtoolbox.com/t/outbound-email-provider/?name=exacttarget";
const SENDERCLARITY = "https://www.senderclarity.com/guides/salesforce-spf-dkim-dmarc-setup";
const SUPED =
  "https://www.suped.com/knowledge/email-deliverability/technical/how-to-configure-sfmc-to-send-on-behalf-of-sales-reps-with-dkimdmarc-authentication";
const MC_NEXT = "https://help.salesforce.com/s/articleView?id=004576430&type=1";

const delegation: DnsRequirement[] = [1, 2, 3, 4].map((n) => ({
  type: "NS",
  name: "{sapDomain}",
  value: `ns${n}.exacttarget.com`,
  note: "Delegated SAP subdomain; self-hosted DNS is also possible with records Salesforce provides.",
}));

export const salesforceMc: ProviderEntry = {
  id: "salesforce-mc",
  name: "Salesforce Marketing Cloud (ExactTarget)",
  kind: "marketing",
  summary:
    "Marketing Cloud authenticates through a Sender Authentication Package (SAP): a subdomain delegated to Salesforce " +
    "(NS ns1-ns4.exacttarget.com) that serves as sending, bounce and tracking domain, plus optional private domains for " +
    "DKIM. Outside SAP, third-party guides name include:cust-spf.exacttarget.com. Most facts here are unconfirmed: " +
    "check the values in the account's Sender Authentication settings.",
  settings: {
    sapDomain: {
      description: "The Sender Authentication Package subdomain delegated to Marketing Cloud (email.contoso.example).",
      required: false,
      example: "email.contoso.example",
      pattern: DOMAIN_PATTERN,
    },
    dkimSelector: {
      description: "The DKIM selector of a private domain, as shown in Marketing Cloud.",
      required: false,
      example: "200608",
      pattern: SELECTOR_PATTERN,
    },
  },
  spf: {
    includes: [
      {
        domain: "cust-spf.exacttarget.com",
        note: "Only third-party guides give it; with a SAP subdomain Salesforce publishes the SPF record itself.",
        sources: [verified(MXTOOLBOX, "S"), verified(SENDERCLARITY, "S")],
      },
    ],
    mechanisms: [],
    publishedOn: {
      on: "from-domain",
      note: "With a SAP subdomain (delegated) Salesforce manages SPF on it.",
      sources: [verified(SUPED, "S", "SPF is checked at the return-path level of the SAP")],
    },
  },
  mailFrom: {
    default: {
      kind: "provider",
      domain: "exacttarget.com",
      subdomains: true,
      note: "Not confirmed.",
      sources: [verified(MXTOOLBOX, "U", "Salesforce Marketing Cloud (ExactTarget) sending infrastructure")],
    },
    custom: {
      supported: true,
      setting: "sapDomain",
      dns: delegation,
      note: "With SAP the delegated subdomain is used as bounce domain (not confirmed in vendor prose).",
      sources: [verified(SAP_QUICKSTART, "C", "email IN NS ns1.exacttarget.com. ... ns4"), verified(SUPED, "S")],
    },
  },
  dkim: {
    selectors: [
      {
        selector: "{dkimSelector}",
        record: "either",
        when: [{ setting: "dkimSelector", present: true }],
        note: "Record form and selector come from the account; not confirmed.",
        sources: [verified(SENDERCLARITY, "U", "configured through SAP or Self-Service Authentication")],
      },
    ],
    defaultSigning: [
      {
        signsWithOwnDomain: null,
        note: "Marketing Cloud Next (Unified Messaging) signs with the authenticated domain, 2048-bit by default; classic Marketing Cloud not confirmed.",
        sources: [verified(MC_NEXT, "U")],
      },
    ],
  },
  detect: { spfIncludes: ["exacttarget.com"], cnameTargets: [], mxHosts: [] },
};
