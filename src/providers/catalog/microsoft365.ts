import type { DkimSelectorFact, ProviderEntry } from "../types.ts";
import { fromNotes, github, verified } from "./sources.ts";

const SPF_DOC = "https://learn.microsoft.com/defender-office-365/email-authentication-spf-configure";
const DKIM_DOC = "https://learn.microsoft.com/defender-office-365/email-authentication-dkim-configure";
const DKIM_2025 = "https://github.com/MicrosoftDocs/defender-docs/pull/295";
const DKIM_LABEL =
  "https://www.suped.com/knowledge/email-deliverability/technical/how-to-find-domainguid-and-initialdomain-for-dkim-setup-with-custom-domains-in-office-365";
const DOMAINS_DOC =
  "https://learn.microsoft.com/microsoft-365/admin/get-help-with-domains/create-dns-records-at-any-dns-hosting-provider";
const DNSHEALTH = github("JohnDuprey/DNSHealth", "DNSHealth/MailProviders/Microsoft365.json");

const COMMERCIAL = [{ setting: "cloud", in: ["commercial"] }];
const US_GOVERNMENT = [{ setting: "cloud", in: ["gcc-high", "dod"] }];
const CHINA = [{ setting: "cloud", in: ["21vianet"] }];

/** selector1/selector2 CNAMEs in the commercial cloud: the legacy and the 2025 target forms. */
function commercialSelector(n: 1 | 2): DkimSelectorFact {
  return {
    selector: `selector${n}`,
    record: "cname",
    targets: [
      `selector${n}-{domainDashed}._domainkey.{tenant}.onmicrosoft.com`,
      `selector${n}-{domainDashed}._domainkey.{tenant}.{partition}.dkim.mail.microsoft`,
      `selector${n}-{domainLabel}._domainkey.{tenant}.onmicrosoft.com`,
      `selector${n}-{domainLabel}._domainkey.{tenant}.{partition}.dkim.mail.microsoft`,
    ],
    when: COMMERCIAL,
    note:
      "Custom domains added before May 2025 use the *.onmicrosoft.com form, later ones the dkim.mail.microsoft form " +
      "with a partition Microsoft assigns per domain; the two forms cannot coexist for one selector. Only one selector " +
      "is active at a time (the other after key rotation). Read the real values with Get-DkimSigningConfig " +
      "(Selector1CNAME, Selector2CNAME) and follow the CNAME rather than predicting it.",
    sources: [
      verified(DKIM_DOC, "C", "legacy form selectorN-<CustomDomainWithDashes>._domainkey.<InitialDomain>"),
      verified(
        DKIM_2025,
        "C",
        "2025 form ...<InitialDomainPrefix>.<DynamicPartitionCharacter>-v1.dkim.mail.microsoft, doc of 06/19/2025",
      ),
      verified(
        DKIM_LABEL,
        "S",
        "the first label can carry Microsoft's MX token instead of the dashed domain; public zone files show " +
          "selector1-exclusive-jasonshadow-com03i for exclusive.jason-shadow.com (O)",
      ),
    ],
  };
}

/** The same selectors in the US government and 21Vianet clouds: the target form is not documented. */
function sovereignSelector(n: 1 | 2, initialDomainSuffix: string, when: typeof US_GOVERNMENT): DkimSelectorFact {
  return {
    selector: `selector${n}`,
    record: "cname",
    targets: [
      `selector${n}-{domainDashed}._domainkey.{tenant}.${initialDomainSuffix}`,
      `selector${n}-{domainLabel}._domainkey.{tenant}.${initialDomainSuffix}`,
      `selector${n}-{domainLabel}._domainkey.{tenant}.{partition}.dkim.mail.microsoft`,
    ],
    when,
    note: `Inferred from the commercial form with the cloud's initial domain (*.${initialDomainSuffix}); not found in the sources.`,
    sources: [verified(DKIM_DOC, "U", "the article shows only commercial *.onmicrosoft.com targets")],
  };
}

export const microsoft365: ProviderEntry = {
  id: "microsoft365",
  name: "Microsoft 365 / Exchange Online",
  kind: "mailbox",
  summary:
    "Exchange Online sends with the mailbox's own address, so SPF is checked on the From domain and needs Microsoft's " +
    "include (a different one in the US government and 21Vianet clouds). Until DKIM is enabled for a custom domain, " +
    "Microsoft signs with the tenant's initial *.onmicrosoft.com domain, which does not align. The relay pool " +
    "(40.95.0.0/16) that carries relayed mail from non-accepted domains is not in the published SPF.",
  settings: {
    tenant: {
      description: "The prefix of the tenant's initial domain: contoso for contoso.onmicrosoft.com.",
      required: true,
      example: "contoso",
      pattern: "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$",
    },
    cloud: {
      description:
        "The Microsoft 365 cloud: commercial (also GCC), gcc-high, dod, or 21vianet (operated by 21Vianet in China).",
      required: false,
      example: "gcc-high",
      enum: ["commercial", "gcc-high", "dod", "21vianet"],
      default: "commercial",
    },
  },
  assigned: {
    partition: "Microsoft's DynamicPartitionCharacter and format version of the 2025 DKIM targets (for example n-v1)",
    domainLabel: "the label Microsoft derives from the custom domain (usually {domainDashed}, sometimes the MX token)",
    mxToken: "the MX token Microsoft assigns to the domain (usually {domainDashed})",
  },
  spf: {
    includes: [
      {
        domain: "spf.protection.outlook.com",
        when: COMMERCIAL,
        sources: [verified(SPF_DOC, "C", "commercial and GCC")],
      },
      {
        domain: "spf.protection.office365.us",
        when: US_GOVERNMENT,
        sources: [verified(SPF_DOC, "C", "GCC High and DoD")],
      },
      {
        domain: "spf.protection.partner.outlook.cn",
        when: CHINA,
        sources: [verified(SPF_DOC, "C", "Microsoft 365 operated by 21Vianet")],
      },
    ],
    mechanisms: [],
    publishedOn: {
      on: "from-domain",
      note: "Each sending subdomain needs its own SPF record; on-premises egress IPs of a hybrid set-up go in as ip4:/ip6:.",
      sources: [verified(SPF_DOC, "C")],
    },
  },
  mailFrom: {
    default: {
      kind: "sender",
      note: "The envelope sender is the mailbox's address; relayed mail from a non-accepted domain leaves through the relay pool, outside SPF.",
      sources: [
        fromNotes(SPF_DOC, "C"),
        fromNotes("https://learn.microsoft.com/defender-office-365/outbound-spam-high-risk-delivery-pool-about", "C"),
      ],
    },
    custom: {
      supported: false,
      dns: [],
      note: "Not applicable: the envelope is already the sender's own domain.",
      sources: [fromNotes(SPF_DOC, "C")],
    },
  },
  dkim: {
    selectors: [
      commercialSelector(1),
      commercialSelector(2),
      sovereignSelector(1, "onmicrosoft.us", US_GOVERNMENT),
      sovereignSelector(2, "onmicrosoft.us", US_GOVERNMENT),
      sovereignSelector(1, "partner.onmschina.cn", CHINA),
      sovereignSelector(2, "partner.onmschina.cn", CHINA),
    ],
    defaultSigning: [
      {
        when: COMMERCIAL,
        signsWithOwnDomain: true,
        domain: "{tenant}.onmicrosoft.com",
        note: "All outbound mail is signed with the initial domain (2048-bit key) until DKIM is enabled for the custom domain.",
        sources: [verified(DKIM_DOC, "C")],
      },
      {
        when: US_GOVERNMENT,
        signsWithOwnDomain: true,
        domain: "{tenant}.onmicrosoft.us",
        note: "The initial domain of these clouds is inferred, not documented in the sources.",
        sources: [verified(DKIM_DOC, "U", "the article names *.onmicrosoft.com only")],
      },
      {
        when: CHINA,
        signsWithOwnDomain: true,
        domain: "{tenant}.partner.onmschina.cn",
        note: "The initial domain of this cloud is inferred, not documented in the sources.",
        sources: [verified(DKIM_DOC, "U", "the article names *.onmicrosoft.com only")],
      },
    ],
  },
  mx: [
    {
      host: "{mxToken}.mail.protection.outlook.com",
      when: COMMERCIAL,
      sources: [
        fromNotes(DOMAINS_DOC, "C", "MX token 'a value like MSxxxxxxx', in practice {domainDashed}"),
        fromNotes(DNSHEALTH, "O", "MX regex mail.protection.outlook.com|mx.microsoft|mail.eo.outlook.com"),
      ],
    },
    {
      host: "{mxToken}.{partition}.mx.microsoft",
      when: COMMERCIAL,
      note: "Domains with SMTP DANE (DNSSEC) enabled.",
      sources: [fromNotes("https://learn.microsoft.com/purview/how-smtp-dane-works", "O")],
    },
  ],
  detect: {
    spfIncludes: ["spf.protection.outlook.com", "spf.protection.office365.us", "spf.protection.partner.outlook.cn"],
    cnameTargets: ["onmicrosoft.com", "dkim.mail.microsoft", "onmicrosoft.us"],
    mxHosts: ["mail.protection.outlook.com", "mx.microsoft"],
  },
};
