import { DOMAIN_PATTERN, SELECTOR_PATTERN } from "../patterns.ts";
import type { ProviderEntry } from "../types.ts";
import { fromNotes, verified } from "./sources.ts";

const MAIL_FROM_GUIDE = "https://docs.aws.amazon.com/ses/latest/DeveloperGuide/mail-from-set.html";
const MAIL_FROM_API = "https://docs.aws.amazon.com/goto/WebAPI/email/SetIdentityMailFromDomain";
const SPF_GUIDE = "https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-spf.html";
const EASY_DKIM = "https://docs.aws.amazon.com/goto/WebAPI/email/VerifyDomainDkim";
const BYODKIM = "https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-bring-your-own.md";
const DMARC_WIKI = "https://dmarc.wiki/ses";

export const amazonSes: ProviderEntry = {
  id: "amazon-ses",
  name: "Amazon SES",
  kind: "esp",
  summary:
    "SES bounces to a subdomain of amazonses.com, so SPF passes for Amazon's domain and never aligns unless a custom " +
    "MAIL FROM domain (a subdomain of the sending identity, with an MX to feedback-smtp.<region>.amazonses.com and an " +
    "SPF record including amazonses.com) is set. Easy DKIM publishes three CNAMEs to keys SES hosts; BYODKIM a TXT key.",
  settings: {
    region: {
      description: "The AWS region of the SES identity.",
      required: true,
      example: "eu-west-1",
      pattern: "^[a-z]{2}(?:-[a-z]+)+-[0-9]+$",
    },
    mailFromDomain: {
      description: "The custom MAIL FROM domain, a subdomain of the verified identity.",
      required: false,
      example: "bounce.contoso.example",
      pattern: DOMAIN_PATTERN,
    },
    dkimSelector: {
      description: "The selector of a BYODKIM key (bring your own DKIM); leave out with Easy DKIM.",
      required: false,
      example: "ses2025",
      pattern: SELECTOR_PATTERN,
    },
  },
  assigned: { token: "an Easy DKIM token SES generates (three per identity)" },
  spf: {
    includes: [
      {
        domain: "amazonses.com",
        sources: [
          verified(DMARC_WIKI, "S", "TXT v=spf1 include:amazonses.com ~all on the MAIL FROM domain"),
          fromNotes(SPF_GUIDE, "C"),
        ],
      },
    ],
    mechanisms: [],
    publishedOn: {
      on: "mail-from-domain",
      note: "Only the custom MAIL FROM domain needs it; the From domain's SPF record is not used by SES mail.",
      sources: [verified(MAIL_FROM_GUIDE, "C", "publish your own SPF record for your custom MAIL FROM domain")],
    },
  },
  mailFrom: {
    default: {
      kind: "provider",
      domain: "amazonses.com",
      subdomains: true,
      sources: [
        verified(
          MAIL_FROM_GUIDE,
          "C",
          "messages automatically use a subdomain of amazonses.com as the default MAIL FROM domain",
        ),
        verified(MAIL_FROM_API, "C", "UseDefaultValue: amazonses.com (or a subdomain of that)"),
      ],
    },
    custom: {
      supported: true,
      setting: "mailFromDomain",
      dns: [
        { type: "MX", name: "{mailFromDomain}", value: "10 feedback-smtp.{region}.amazonses.com" },
        { type: "TXT", name: "{mailFromDomain}", value: "v=spf1 include:amazonses.com ~all" },
      ],
      note:
        "Must be a subdomain of the verified identity, not used in From addresses that receive feedback and not used to " +
        "receive mail. If SES cannot read the MX it falls back to amazonses.com (BehaviorOnMXFailure UseDefaultValue) or rejects.",
      sources: [
        verified(MAIL_FROM_API, "C", "must be a subdomain of the verified identity"),
        verified(MAIL_FROM_GUIDE, "C", "requires an MX record and an SPF record"),
        verified(DMARC_WIKI, "S", "MX 10 feedback-smtp.region.amazonses.com"),
      ],
    },
  },
  dkim: {
    selectors: [
      {
        selector: "{token}",
        record: "cname",
        targets: ["{token}.dkim.amazonses.com"],
        when: [{ setting: "dkimSelector", present: false }],
        note: "Easy DKIM: three tokens, each its own selector; the tokens cannot be derived, give them as the path's dkim list.",
        sources: [
          verified(EASY_DKIM, "C", "Name: token._domainkey.example.com, Type: CNAME, Value: token.dkim.amazonses.com"),
        ],
      },
      {
        selector: "{dkimSelector}",
        record: "txt",
        when: [{ setting: "dkimSelector", present: true }],
        note: "BYODKIM: one TXT record with the customer's public key, 1024 or 2048 bits.",
        sources: [fromNotes(BYODKIM, "C")],
      },
    ],
    defaultSigning: [
      {
        signsWithOwnDomain: true,
        domain: "amazonses.com",
        note: "The research notes list amazonses.com as the signing domain without the customer's DKIM; not confirmed.",
        sources: [fromNotes(EASY_DKIM, "U")],
      },
    ],
  },
  mx: [
    {
      host: "feedback-smtp.{region}.amazonses.com",
      note: "On the custom MAIL FROM domain (bounce and complaint feedback).",
      sources: [verified(DMARC_WIKI, "S"), verified(MAIL_FROM_GUIDE, "C")],
    },
  ],
  detect: { spfIncludes: ["amazonses.com"], cnameTargets: ["dkim.amazonses.com"], mxHosts: ["amazonses.com"] },
};
