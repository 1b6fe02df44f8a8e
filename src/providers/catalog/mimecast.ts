import { SELECTOR_PATTERN } from "../patterns.ts";
import type { ProviderEntry } from "../types.ts";
import { fromNotes, github, verified } from "./sources.ts";

const SPF_KB = "https://mimecastsupport.zendesk.com/hc/en-us/articles/34000792642963";
const SPF_COMMUNITY = "https://community.mimecast.com/docs/DOC-2010";
const DNS_GUIDE = "https://community.mimecast.com/s/article/DNS-Authentication-Configuration-Guide-345109074";
const DNSHEALTH = github("JohnDuprey/DNSHealth", "DNSHealth/MailProviders/Mimecast.json");
const MXIO = "https://mxio.io/providers/mimecast";

const REGIONS = ["eu", "de", "us", "usb", "za", "au"];

export const mimecast: ProviderEntry = {
  id: "mimecast",
  name: "Mimecast (outbound gateway)",
  kind: "gateway",
  summary:
    "As an outbound gateway Mimecast relays the organisation's mail, keeping its envelope, so the organisation's SPF " +
    "record must include Mimecast's netblocks for its region (or the global _netblocks.mimecast.com, which includes " +
    "them all). DKIM signing is a DNS Authentication definition whose TXT key the customer publishes.",
  settings: {
    region: {
      description: "The Mimecast region of the account (the prefix of its inbound MX hosts, e.g. eu-smtp-inbound-1).",
      required: false,
      example: "eu",
      enum: [...REGIONS, "uspcom"],
    },
    dkimSelector: {
      description: "The selector of the DKIM definition (seen as mimecast20190719).",
      required: false,
      example: "mimecast20190719",
      pattern: SELECTOR_PATTERN,
    },
  },
  assigned: { date: "the date in an observed selector (YYYYMMDD)", n: "the number of an inbound MX host" },
  spf: {
    includes: [
      {
        domain: "{region}._netblocks.mimecast.com",
        group: "mimecast",
        when: [{ setting: "region", in: REGIONS }],
        sources: [
          verified(SPF_KB, "C", "eu, de, us, usb (and za, au in the older table)"),
          verified(SPF_COMMUNITY, "C"),
        ],
      },
      {
        domain: "uspcom._netblocks.mimecast-pscom-us.com",
        group: "mimecast",
        when: [{ setting: "region", in: ["uspcom"] }],
        sources: [verified(SPF_KB, "C", "USPCOM")],
      },
      {
        domain: "_netblocks.mimecast.com",
        group: "mimecast",
        note: "Global: includes the regional blocks.",
        sources: [verified(SPF_COMMUNITY, "C", "Global (includes all the above)")],
      },
    ],
    mechanisms: [],
    publishedOn: { on: "from-domain", sources: [verified(SPF_KB, "C")] },
  },
  mailFrom: {
    default: {
      kind: "sender",
      note: "A gateway passes the organisation's envelope through (not confirmed).",
      sources: [fromNotes(DNS_GUIDE, "U")],
    },
    custom: { supported: false, dns: [], note: "Not applicable to a relay.", sources: [fromNotes(DNS_GUIDE, "U")] },
  },
  dkim: {
    selectors: [
      {
        selector: "{dkimSelector}",
        record: "txt",
        when: [{ setting: "dkimSelector", present: true }],
        sources: [fromNotes(DNS_GUIDE, "C"), verified(MXIO, "S", "selector chosen in the DKIM definition, TXT record")],
      },
      {
        selector: "mimecast{date}",
        record: "txt",
        when: [{ setting: "dkimSelector", present: false }],
        note: "Observed selector form; give the real one as dkimSelector.",
        sources: [fromNotes(DNS_GUIDE, "O", "mimecast20190719 with d=redhat.com in headers")],
      },
    ],
    defaultSigning: [
      {
        signsWithOwnDomain: null,
        note: "Signs only with a DKIM definition; not confirmed.",
        sources: [fromNotes(DNS_GUIDE, "U")],
      },
    ],
  },
  mx: [{ host: "{region}-smtp-inbound-{n}.mimecast.com", sources: [fromNotes(DNSHEALTH, "O")] }],
  detect: {
    spfIncludes: ["_netblocks.mimecast.com", "mimecast-pscom-us.com"],
    cnameTargets: [],
    mxHosts: ["mimecast.com"],
  },
};
