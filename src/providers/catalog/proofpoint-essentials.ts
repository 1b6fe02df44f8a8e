import { SELECTOR_PATTERN } from "../patterns.ts";
import type { ProviderEntry } from "../types.ts";
import { fromNotes, github, verified } from "./sources.ts";

const SPF_KB = "http://support.proofpointessentials.com/index.php?/Knowledgebase/Article/View/127/11/email-spoofing";
const CONNECTION =
  "https://help.proofpoint.com/Proofpoint_Essentials/Email_Security/Administrator_Topics/000_gettingstarted/020_connectiondetails";
const DKIM_HELP =
  "https://help.proofpoint.com/Proofpoint_Essentials/Email_Security/Administrator_Topics/030_domains/Configuring_Outbound_DKIM_Signing";
const DNSHEALTH = github("JohnDuprey/DNSHealth", "DNSHealth/MailProviders/Proofpoint.json");

export const proofpointEssentials: ProviderEntry = {
  id: "proofpoint-essentials",
  name: "Proofpoint Essentials (outbound gateway)",
  kind: "gateway",
  summary:
    "As an outbound gateway Proofpoint Essentials relays the organisation's mail, keeping its envelope, so the " +
    "organisation's SPF record must authorise Proofpoint's dispatch hosts with an a: mechanism (not an include). " +
    "Outbound DKIM signing can be configured; its selector and record form are not documented in the sources.",
  settings: {
    region: {
      description: "The Proofpoint Essentials platform: us (US1 to US4) or eu (EU1).",
      required: false,
      example: "eu",
      enum: ["us", "eu"],
      default: "us",
    },
    dkimSelector: {
      description: "The selector of the outbound DKIM key configured in Proofpoint Essentials.",
      required: false,
      example: "ppe2025",
      pattern: SELECTOR_PATTERN,
    },
  },
  assigned: { pod: "the platform pod in MX host names (us1, us2, eu1...)" },
  spf: {
    includes: [],
    mechanisms: [
      {
        term: "a:dispatch-{region}.ppe-hosted.com",
        sources: [
          verified(SPF_KB, "C", "US1-4: v=spf1 a:dispatch-us.ppe-hosted.com ~all; EU1: a:dispatch-eu.ppe-hosted.com"),
          fromNotes(DNSHEALTH, "O"),
        ],
      },
    ],
    publishedOn: { on: "from-domain", sources: [verified(SPF_KB, "C")] },
  },
  mailFrom: {
    default: {
      kind: "sender",
      note: "A gateway passes the organisation's envelope through (not confirmed).",
      sources: [fromNotes(CONNECTION, "U")],
    },
    custom: { supported: false, dns: [], note: "Not applicable to a relay.", sources: [fromNotes(CONNECTION, "U")] },
  },
  dkim: {
    selectors: [
      {
        selector: "{dkimSelector}",
        record: "either",
        when: [{ setting: "dkimSelector", present: true }],
        note: "Selector and record form are not documented in the sources.",
        sources: [fromNotes(DKIM_HELP, "U")],
      },
    ],
    defaultSigning: [
      {
        signsWithOwnDomain: false,
        note: "Signs only when outbound DKIM is configured (not confirmed).",
        sources: [fromNotes(DKIM_HELP, "U")],
      },
    ],
  },
  mx: [
    { host: "mx1-{pod}.ppe-hosted.com", sources: [fromNotes(DNSHEALTH, "O")] },
    { host: "mx2-{pod}.ppe-hosted.com", sources: [fromNotes(DNSHEALTH, "O")] },
  ],
  detect: { spfIncludes: ["ppe-hosted.com"], cnameTargets: [], mxHosts: ["ppe-hosted.com"] },
};
