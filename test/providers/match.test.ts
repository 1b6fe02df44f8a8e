import { describe, expect, it } from "vitest";
import { identifyProviders } from "../../src/providers/match.ts";
import { createCatalog, providerCatalog } from "../../src/providers/registry.ts";
import type { LooseJson } from "../helpers/loose-json.ts";

describe("identifyProviders", () => {
  it("finds providers from SPF includes, CNAME targets and MX hosts, with the evidence", () => {
    const matches = identifyProviders(providerCatalog, {
      spfIncludes: ["spf.protection.outlook.com", "eu._netblocks.mimecast.com", "example.net"],
      cnameTargets: [
        "selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft.",
        "s1.domainkey.u1.wl2.sendgrid.net",
      ],
      mxHosts: ["EU-smtp-inbound-1.mimecast.com"],
    });
    expect(matches).toEqual([
      {
        id: "microsoft365",
        name: "Microsoft 365 / Exchange Online",
        evidence: [
          { kind: "spf-include", value: "spf.protection.outlook.com", pattern: "spf.protection.outlook.com" },
          {
            kind: "cname-target",
            value: "selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft.",
            pattern: "dkim.mail.microsoft",
          },
        ],
      },
      {
        id: "sendgrid",
        name: "Twilio SendGrid",
        evidence: [{ kind: "cname-target", value: "s1.domainkey.u1.wl2.sendgrid.net", pattern: "sendgrid.net" }],
      },
      {
        id: "mimecast",
        name: "Mimecast (outbound gateway)",
        evidence: [
          { kind: "spf-include", value: "eu._netblocks.mimecast.com", pattern: "_netblocks.mimecast.com" },
          { kind: "mx-host", value: "EU-smtp-inbound-1.mimecast.com", pattern: "mimecast.com" },
        ],
      },
    ]);
  });

  it.each([
    ["_spf.google.com", "google-workspace"],
    ["amazonses.com", "amazon-ses"],
    ["mailgun.org", "mailgun"],
    ["spf.mtasv.net", "postmark"],
    ["spf.mandrillapp.com", "mandrill"],
    ["servers.mcsv.net", "mailchimp"],
    ["spf.sendinblue.com", "brevo"],
    ["zohomail.eu", "zoho-mail"],
    ["cust-spf.exacttarget.com", "salesforce-mc"],
    ["1234567.spf03.hubspotemail.net", "hubspot"],
    ["mail.zendesk.com", "zendesk"],
    ["dispatch-us.ppe-hosted.com", "proofpoint-essentials"],
  ])("SPF include %s → %s", (include, id) => {
    expect(identifyProviders(providerCatalog, { spfIncludes: [include] }).map((m) => m.id)).toEqual([id]);
  });

  it.each([
    ["dkim2.mcsv.net", "mailchimp"],
    ["dkim1.mandrillapp.com", "mandrill"],
    ["b1.contoso-com.dkim.brevo.com", "brevo"],
    ["abc.dkim.amazonses.com", "amazon-ses"],
    ["pdk1._domainkey.abc.dkim1.eu.mgsend.org", "mailgun"],
    ["pm.mtasv.net", "postmark"],
    ["eu.sparkpostmail.com", "sparkpost"],
    ["zendesk1._domainkey.zendesk.com", "zendesk"],
    ["contoso-com.hs01a.dkim.hubspotemail.net", "hubspot"],
  ])("CNAME target %s → %s", (target, id) => {
    expect(identifyProviders(providerCatalog, { cnameTargets: [target] }).map((m) => m.id)).toEqual([id]);
  });

  it("does not match look-alike names", () => {
    expect(
      identifyProviders(providerCatalog, {
        spfIncludes: ["notsendgrid.net", "sendgrid.net.evil.example", "spf.protection.outlook.com.example"],
        cnameTargets: ["dkim.mail.microsoft.example", "mcsv.network"],
        mxHosts: ["google.com.evil.example", "mx.notgoogle.com"],
      }),
    ).toEqual([]);
  });

  it("ignores what is not a string and empty input", () => {
    expect(identifyProviders(providerCatalog, {})).toEqual([]);
    expect(identifyProviders(providerCatalog, { mxHosts: [42 as unknown as string, ""] })).toEqual([]);
  });

  it("uses the user's own entries", () => {
    const source = { url: "https://docs.acme.example/", checked: null, confidence: "U" };
    const own = structuredClone(providerCatalog.entries.find((e) => e.id === "zendesk")) as LooseJson;
    own.id = "acme";
    own.detect = { spfIncludes: ["spf.acme.example"], cnameTargets: [], mxHosts: [] };
    own.spf.includes = [{ domain: "spf.acme.example", sources: [source] }];
    expect(identifyProviders(createCatalog([own]), { spfIncludes: ["spf.acme.example"] }).map((m) => m.id)).toEqual([
      "acme",
    ]);
  });
});
