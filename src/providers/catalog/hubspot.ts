import { DOMAIN_PATTERN } from "../patterns.ts";
import type { DkimSelectorFact, ProviderEntry } from "../types.ts";
import { domainConnect, fromNotes, verified } from "./sources.ts";

const KNOWLEDGE = "https://knowledge.hubspot.com/email/do-i-need-to-add-hubspot-to-our-spf-record";
const TEMPLATE = domainConnect("hubspot.com.hubspot-email-domain.json");
const DMARC_WIKI = "https://dmarc.wiki/hubspot";
const GUIDE = "https://domainsecurityscanner.com/guides/hubspot";

function selector(n: 1 | 2, legacy: boolean): DkimSelectorFact {
  const letter = n === 1 ? "a" : "b";
  return {
    selector: legacy ? `hs${n}` : `hs${n}-{hubId}`,
    record: "cname",
    targets: [`{domainDashed}.hs{cluster}${letter}.dkim.hubspotemail.net`],
    ...(legacy ? { legacy: true } : {}),
    sources: [
      fromNotes(TEMPLATE, "C", "two CNAMEs %hs1%, %hs2%"),
      fromNotes(KNOWLEDGE, "O", "target form from a HubSpot-generated configuration"),
    ],
  };
}

export const hubspot: ProviderEntry = {
  id: "hubspot",
  name: "HubSpot",
  kind: "marketing",
  summary:
    "HubSpot bounces to a hubspotemail.net domain, so without a dedicated IP SPF cannot align and DMARC relies on the " +
    "two DKIM CNAMEs of the connected sending domain. HubSpot's connect flow still proposes an SPF include.",
  settings: {
    hubId: {
      description: "The HubSpot account (hub) id, which appears in the DKIM selectors and the SPF include.",
      required: false,
      example: "1234567",
      pattern: "^[0-9]{1,12}$",
    },
    returnPathDomain: {
      description: "The return-path domain of a dedicated IP set-up (12345m.contoso.example).",
      required: false,
      example: "1234567m.contoso.example",
      pattern: DOMAIN_PATTERN,
    },
  },
  assigned: { cluster: "the HubSpot sending cluster number (two digits)" },
  spf: {
    includes: [
      {
        domain: "{hubId}.spf{cluster}.hubspotemail.net",
        group: "hubspot",
        sources: [fromNotes(KNOWLEDGE, "O", "from a HubSpot-generated configuration")],
      },
      { domain: "_spf.hubspot.com", group: "hubspot", legacy: true, sources: [verified(GUIDE, "S")] },
    ],
    mechanisms: [],
    publishedOn: {
      on: "from-domain",
      note: "Without a dedicated IP the envelope is HubSpot's, so the include does not help DMARC.",
      sources: [
        verified(KNOWLEDGE, "C", "HubSpot guides through DKIM, SPF and DMARC records"),
        verified(DMARC_WIKI, "S"),
      ],
    },
  },
  mailFrom: {
    default: {
      kind: "provider",
      domain: "hubspotemail.net",
      subdomains: true,
      sources: [verified(DMARC_WIKI, "S", "usually a subdomain of hubspotemail.net")],
    },
    custom: {
      supported: true,
      setting: "returnPathDomain",
      dns: [],
      note: "Only with a dedicated IP (paid add-on); HubSpot gives the records during that set-up.",
      sources: [verified(DMARC_WIKI, "S", "with a dedicated IP, an Envelope From like 12345m.example.com")],
    },
  },
  dkim: {
    selectors: [selector(1, false), selector(2, false), selector(1, true), selector(2, true)],
    defaultSigning: [
      {
        signsWithOwnDomain: true,
        note: "Before the domain is connected HubSpot sends on shared infrastructure; the signing domain is not documented.",
        sources: [verified("https://mxio.io/providers/hubspot", "U")],
      },
    ],
  },
  detect: { spfIncludes: ["hubspotemail.net", "hubspot.com"], cnameTargets: ["hubspotemail.net"], mxHosts: [] },
};
