import { DOMAIN_PATTERN, SELECTOR_PATTERN } from "../patterns.ts";
import type { ProviderEntry } from "../types.ts";
import { domainConnect, fromNotes, github, verified } from "./sources.ts";

const SENDING_DOMAINS = "https://developers.sparkpost.com/api/sending-domains/";
const APIB = github("SparkPost/developers.sparkpost.com", "content/api/sending-domains.apib");
const KEY_LENGTH = "https://github.com/SparkPost/developers.sparkpost.com/pull/577";
const BIRD = "https://docs.bird.com/api/email-api/sending-domains";
const TEMPLATE = domainConnect("bird.com.sparkpost-email.json");
const GIST = "https://gist.github.com/ghousemohamed/5cb7f8afb0a71e7363afe6a9441d0111";

export const sparkpost: ProviderEntry = {
  id: "sparkpost",
  name: "SparkPost (Bird)",
  kind: "esp",
  summary:
    "SparkPost bounces to sparkpostmail.com unless a bounce domain (a CNAME to sparkpostmail.com, eu.sparkpostmail.com " +
    "or the Enterprise tenant host) is set; SPF then rides on the CNAME and the customer publishes no SPF terms. DKIM " +
    "is a TXT key the customer publishes (selector scphMMYY by default), signed with the sending domain.",
  settings: {
    bounceDomain: {
      description: "The bounce domain verified by CNAME (used as Return-Path).",
      required: false,
      example: "bounces.contoso.example",
      pattern: DOMAIN_PATTERN,
    },
    dkimSelector: {
      description: "The DKIM selector of the sending domain (scph0316 when SparkPost generated the key in March 2016).",
      required: false,
      example: "scph0316",
      pattern: SELECTOR_PATTERN,
    },
  },
  assigned: {
    monthYear: "the MMYY of the auto-generated selector",
    tenantId: "the public tenant id of an Enterprise account",
  },
  spf: {
    includes: [
      {
        domain: "sparkpostmail.com",
        legacy: true,
        note: "Some set-ups include it on the From domain; SparkPost's API marks spf_status deprecated.",
        sources: [
          verified(GIST, "U", "a user's notes: v=spf1 include:sparkpostmail.com ~all"),
          fromNotes(APIB, "C", "spf_status is deprecated"),
        ],
      },
    ],
    mechanisms: [],
    publishedOn: {
      on: "provider-managed",
      sources: [
        verified(
          SENDING_DOMAINS,
          "C",
          "CNAME verification ... pointed at the appropriate SparkPost domain; a sending domain as bounce domain",
        ),
      ],
    },
  },
  mailFrom: {
    default: { kind: "provider", domain: "sparkpostmail.com", sources: [fromNotes(APIB, "C")] },
    custom: {
      supported: true,
      setting: "bounceDomain",
      dns: [
        {
          type: "CNAME",
          name: "{bounceDomain}",
          value: "sparkpostmail.com",
          alternatives: ["eu.sparkpostmail.com", "{tenantId}.mail.e.sparkpost.com"],
          note: "sparkpostmail.com (US), eu.sparkpostmail.com (EU) or <public_tenant_id>.mail.e.sparkpost.com (Enterprise).",
        },
      ],
      sources: [verified(SENDING_DOMAINS, "C"), fromNotes(BIRD, "C"), fromNotes(TEMPLATE, "C")],
    },
  },
  dkim: {
    selectors: [
      {
        selector: "{dkimSelector}",
        record: "txt",
        when: [{ setting: "dkimSelector", present: true }],
        sources: [verified(SENDING_DOMAINS, "C", "a valid DKIM record ... k=rsa, h=sha256 when present")],
      },
      {
        selector: "scph{monthYear}",
        record: "txt",
        when: [{ setting: "dkimSelector", present: false }],
        note: "New keys are 2048 bits from May 2026 (1024 before).",
        sources: [fromNotes(APIB, "C", "example selector scph0316"), fromNotes(KEY_LENGTH, "C")],
      },
    ],
    defaultSigning: [
      {
        signsWithOwnDomain: false,
        note: "signing_domain (the sending domain by default) becomes d=.",
        sources: [fromNotes(APIB, "C")],
      },
    ],
  },
  detect: { spfIncludes: ["sparkpostmail.com"], cnameTargets: ["sparkpostmail.com", "e.sparkpost.com"], mxHosts: [] },
};
