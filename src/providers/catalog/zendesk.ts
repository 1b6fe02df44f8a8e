import type { DkimSelectorFact, ProviderEntry } from "../types.ts";
import { fromNotes, verified } from "./sources.ts";

const SPF_ARTICLE = "https://support.zendesk.com/hc/en-us/articles/4867238761626-What-are-SPF-DNS-and-TXT-records";
const DKIM_ARTICLE =
  "https://support.zendesk.com/hc/pt-br/articles/4408822303386-Digitally-signing-your-email-with-DKIM";
const MXIO = "https://mxio.io/providers/zendesk";

function selector(n: 1 | 2): DkimSelectorFact {
  return {
    selector: `zendesk${n}`,
    record: "cname",
    targets: [`zendesk${n}._domainkey.zendesk.com`],
    sources: [
      fromNotes(DKIM_ARTICLE, "C", "CNAME redirect to the Zendesk key; values observed (O)"),
      verified(MXIO, "S"),
    ],
  };
}

export const zendesk: ProviderEntry = {
  id: "zendesk",
  name: "Zendesk",
  kind: "helpdesk",
  summary:
    "Zendesk sends ticket mail as the customer's support address and asks for include:mail.zendesk.com on that domain; " +
    "DKIM uses two CNAMEs (zendesk1, zendesk2) that must exist before signing is enabled. The set-up also adds CNAMEs " +
    "zendesk1-4.<domain> → mail1-4.zendesk.com (purpose not documented) and a zendeskverification TXT record.",
  settings: {},
  spf: {
    includes: [
      { domain: "mail.zendesk.com", sources: [verified(SPF_ARTICLE, "C", "TXT @ v=spf1 include:mail.zendesk.com")] },
    ],
    mechanisms: [],
    publishedOn: { on: "from-domain", sources: [verified(SPF_ARTICLE, "C")] },
  },
  mailFrom: {
    default: {
      kind: "sender",
      note: "Inferred: Zendesk asks for its include on the support address's domain; the envelope domain is not documented.",
      sources: [fromNotes(SPF_ARTICLE, "U")],
    },
    custom: { supported: null, dns: [], sources: [fromNotes(SPF_ARTICLE, "U")] },
  },
  dkim: {
    selectors: [selector(1), selector(2)],
    defaultSigning: [
      {
        signsWithOwnDomain: null,
        note: "System addresses (support@<subdomain>.zendesk.com) are signed by Zendesk; custom domains without DKIM are not documented.",
        sources: [fromNotes(DKIM_ARTICLE, "U")],
      },
    ],
  },
  detect: { spfIncludes: ["mail.zendesk.com"], cnameTargets: ["zendesk.com"], mxHosts: [] },
};
