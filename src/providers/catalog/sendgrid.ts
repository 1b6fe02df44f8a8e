import { DOMAIN_PATTERN } from "../patterns.ts";
import type { DkimSelectorFact, ProviderEntry } from "../types.ts";
import { fromNotes, github, verified } from "./sources.ts";

const HOW_TO = "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/how-to-set-up-domain-authentication";
const API = "https://www.twilio.com/docs/sendgrid/api-reference/domain-authentication/authenticate-a-domain";
const AUTOMATED =
  "https://support.sendgrid.com/hc/en-us/articles/21415314709147-Email-Authentication-SendGrid-s-Automated-Security-Explained";
const GLOSSARY = github("sendgrid/docs", "content/docs/Glossary/spf.md");
const OBSERVED = "https://pastebin.com/q2sppdZL";

function selector(n: 1 | 2): DkimSelectorFact {
  return {
    selector: `s${n}`,
    record: "cname",
    targets: [`s${n}.domainkey.u{userId}.wl{wl}.sendgrid.net`],
    note: "Automated security (the default) gives CNAMEs to keys SendGrid rotates; a custom selector can replace s1/s2.",
    sources: [
      verified(HOW_TO, "C", "automated security: CNAME records for DKIM"),
      verified(
        OBSERVED,
        "O",
        "s1._domainkey → s1.domainkey.u2744887.wl138.sendgrid.net; the target form is seen in many zone files",
      ),
    ],
  };
}

export const sendgrid: ProviderEntry = {
  id: "sendgrid",
  name: "Twilio SendGrid",
  kind: "esp",
  summary:
    "SendGrid bounces to sendgrid.net and signs with sendgrid.net until a domain is authenticated. Domain authentication " +
    "with automated security (the default) delegates a return-path subdomain (em1234) and two DKIM selectors (s1, s2) " +
    "to SendGrid by CNAME, so SPF and DKIM align without changing the root SPF record. Without automated security the " +
    "subdomain gets an MX (mx.sendgrid.net) and an SPF TXT record instead.",
  settings: {
    returnPathDomain: {
      description:
        "The authenticated domain's return-path subdomain (em1234.news.contoso.example), a CNAME to SendGrid.",
      required: false,
      example: "em4821.news.contoso.example",
      pattern: DOMAIN_PATTERN,
    },
  },
  assigned: {
    userId: "the SendGrid user id in CNAME targets (digits)",
    wl: "the number of the branding (wl) in CNAME targets",
  },
  spf: {
    includes: [
      {
        domain: "sendgrid.net",
        legacy: true,
        note: "Needed only without automated security (on the return-path subdomain) or in legacy root set-ups.",
        sources: [fromNotes(GLOSSARY, "C"), fromNotes(HOW_TO, "C", "automated security off: 1 MX and 2 TXT records")],
      },
    ],
    mechanisms: [],
    publishedOn: {
      on: "provider-managed",
      note: "With automated security the return-path subdomain is a CNAME to SendGrid, which publishes its SPF there.",
      sources: [verified(HOW_TO, "C", "one CNAME record ... supports SPF and DKIM"), verified(AUTOMATED, "C")],
    },
  },
  mailFrom: {
    default: {
      kind: "provider",
      domain: "sendgrid.net",
      sources: [
        verified(
          API,
          "C",
          "Authenticating a domain allows you to replace sendgrid.net with your personal sending domain",
        ),
      ],
    },
    custom: {
      supported: true,
      setting: "returnPathDomain",
      dns: [
        {
          type: "CNAME",
          name: "{returnPathDomain}",
          value: "u{userId}.wl{wl}.sendgrid.net",
          note: "Without automated security: MX mx.sendgrid.net and TXT v=spf1 include:sendgrid.net ~all on the subdomain instead.",
        },
      ],
      sources: [
        verified(AUTOMATED, "C", "the em subdomain is delegated to SendGrid by CNAME"),
        verified(OBSERVED, "O", "em5945 → u2744887.wl138.sendgrid.net"),
      ],
    },
  },
  dkim: {
    selectors: [selector(1), selector(2)],
    defaultSigning: [
      {
        signsWithOwnDomain: true,
        domain: "sendgrid.net",
        note: "Recipients see 'via sendgrid.net' until the domain is authenticated.",
        sources: [
          verified(HOW_TO, "C", "domain authentication removes the via sendgrid.net tagline"),
          verified(API, "C"),
        ],
      },
    ],
  },
  mx: [
    {
      host: "mx.sendgrid.net",
      note: "On the return-path subdomain without automated security.",
      sources: [fromNotes(HOW_TO, "C")],
    },
  ],
  detect: { spfIncludes: ["sendgrid.net"], cnameTargets: ["sendgrid.net"], mxHosts: ["mx.sendgrid.net"] },
};
