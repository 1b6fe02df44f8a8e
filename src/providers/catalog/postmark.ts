import { DOMAIN_PATTERN, SELECTOR_PATTERN } from "../patterns.ts";
import type { ProviderEntry } from "../types.ts";
import { fromNotes, verified } from "./sources.ts";

const DOMAINS_API = "https://postmarkapp.com/support/article/1113-how-do-i-manage-domains-using-the-api";
const API = "https://postmarkapp.com/developer/api/domains-api";
const RETURN_PATH_POST = "https://postmarkapp.com/blog/introducing-full-dmarc-support-with-custom";
const PHISHFENCE = "https://phishfence.io/learn/dmarc-postmark";

export const postmark: ProviderEntry = {
  id: "postmark",
  name: "Postmark (ActiveCampaign)",
  kind: "esp",
  summary:
    "Postmark bounces to pm.mtasv.net unless a custom Return-Path domain (a subdomain of the From domain, CNAME to " +
    "pm.mtasv.net) is set, which makes SPF align with nothing to add to the SPF record. DKIM is a TXT key at a dated " +
    "selector (20131031155228pm) that changes on rotation.",
  settings: {
    returnPathDomain: {
      description:
        "The custom Return-Path domain (ReturnPathDomain), a subdomain of the From domain with a CNAME to pm.mtasv.net.",
      required: false,
      example: "pm-bounces.contoso.example",
      pattern: DOMAIN_PATTERN,
    },
    dkimSelector: {
      description:
        "The DKIM selector Postmark shows for the domain (DKIMHost without ._domainkey), e.g. 20131031155228pm.",
      required: false,
      example: "20131031155228pm",
      pattern: SELECTOR_PATTERN,
    },
  },
  assigned: { timestamp: "the date and time Postmark puts in its DKIM selector (YYYYMMDDhhmmss)" },
  spf: {
    includes: [
      {
        domain: "spf.mtasv.net",
        legacy: true,
        note: "The API still returns SPFTextValue; with a custom Return-Path domain the SPF record is not needed.",
        sources: [fromNotes(DOMAINS_API, "C", "SPFTextValue: v=spf1 a mx include:spf.mtasv.net ~all")],
      },
    ],
    mechanisms: [],
    publishedOn: {
      on: "provider-managed",
      note: "The Return-Path domain is a CNAME to pm.mtasv.net, whose SPF record covers Postmark.",
      sources: [fromNotes(API, "C"), verified(RETURN_PATH_POST, "C")],
    },
  },
  mailFrom: {
    default: {
      kind: "provider",
      domain: "pm.mtasv.net",
      sources: [verified(RETURN_PATH_POST, "C", "Return-Path: <pm_bounces@pm.mtasv.net>")],
    },
    custom: {
      supported: true,
      setting: "returnPathDomain",
      dns: [{ type: "CNAME", name: "{returnPathDomain}", value: "pm.mtasv.net" }],
      note: "Must be a subdomain of the From domain; conventionally pm-bounces.<domain>.",
      sources: [
        fromNotes(
          API,
          "C",
          "must be a subdomain of your From Email domain and must have a CNAME record that points to pm.mtasv.net",
        ),
        verified(RETURN_PATH_POST, "C"),
      ],
    },
  },
  dkim: {
    selectors: [
      {
        selector: "{dkimSelector}",
        record: "txt",
        when: [{ setting: "dkimSelector", present: true }],
        sources: [fromNotes(DOMAINS_API, "C", "DKIMPendingHost: 20131031155228pm._domainkey.domain.com")],
      },
      {
        selector: "{timestamp}pm",
        record: "txt",
        when: [{ setting: "dkimSelector", present: false }],
        note: "The selector is dated and changes on rotation; give it as the dkimSelector setting or the path's dkim list.",
        sources: [fromNotes(DOMAINS_API, "C")],
      },
    ],
    defaultSigning: [
      {
        signsWithOwnDomain: true,
        domain: "postmarkapp.com",
        note: "Only a third-party guide says so.",
        sources: [verified(PHISHFENCE, "S", "without the customer's DKIM record mail signs with postmarkapp.com")],
      },
    ],
  },
  detect: { spfIncludes: ["spf.mtasv.net"], cnameTargets: ["mtasv.net"], mxHosts: [] },
};
