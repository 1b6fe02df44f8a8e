import { describe, expect, it } from "vitest";
import { OrgError } from "../../src/org/load.ts";
import { type PathPlan, planPaths } from "../../src/org/plan.ts";
import type { Organisation, ProviderAccount, SendingPath } from "../../src/org/types.ts";
import { providerCatalog } from "../../src/providers/registry.ts";
import { templateMatcher } from "../../src/providers/template.ts";

/** A one-path organisation with the given provider accounts and smart host. */
function org(path: Omit<SendingPath, "id">, providers: ProviderAccount[] = []): Organisation {
  return {
    version: 1,
    domains: [{ name: "contoso.example" }, { name: "news.contoso.example" }],
    smartHosts: [
      { id: "relay", hostname: "Relay.Contoso.example" },
      { id: "edge", hostname: "edge.contoso.example", ips: ["192.0.2.25"] },
    ],
    providers,
    paths: [{ id: "p", ...path }],
  };
}

function plan(o: Organisation): PathPlan {
  const plans = planPaths(o, providerCatalog);
  expect(plans).toHaveLength(1);
  return plans[0] as PathPlan;
}

function providerVia(p: PathPlan) {
  if (p.via.kind !== "provider") throw new Error(`expected a provider path, got ${p.via.kind}`);
  return p.via;
}

const exo: ProviderAccount = { id: "exo", catalog: "microsoft365", settings: { tenant: "contoso" } };

describe("planPaths", () => {
  it("Exchange Online without dkim: the catalog's selectors on the From domain, SPF on the From domain", () => {
    const p = plan(org({ from: ["contoso.example"], via: { provider: "exo" } }, [exo]));
    expect(p.mailFrom).toEqual({ domain: "contoso.example", source: "from-domain" });
    expect(p.dkim.map((s) => [s.domain, s.selector, s.source, s.record])).toEqual([
      ["contoso.example", "selector1", "catalog-default", "cname"],
      ["contoso.example", "selector2", "catalog-default", "cname"],
    ]);
    expect(p.dkim[0]?.targets).toEqual([
      "selector1-contoso-example._domainkey.contoso.onmicrosoft.com",
      "selector1-contoso-example._domainkey.contoso.{partition}.dkim.mail.microsoft",
      "selector1-{domainLabel}._domainkey.contoso.onmicrosoft.com",
      "selector1-{domainLabel}._domainkey.contoso.{partition}.dkim.mail.microsoft",
    ]);
    const via = providerVia(p);
    expect(via.entry.id).toBe("microsoft365");
    expect(via.settings).toEqual({ tenant: "contoso", cloud: "commercial" });
    expect(via.spf).toEqual({
      publishedOn: "from-domain",
      publishOn: "contoso.example",
      expected: [{ anyOf: ["include:spf.protection.outlook.com"] }],
    });
    expect(via.defaultSigning).toEqual({ signsWithOwnDomain: true, domain: "contoso.onmicrosoft.com" });
    expect(via.mailFromDns).toEqual([]);
  });

  it("the planned targets accept both documented Microsoft forms of a real CNAME", () => {
    const p = plan(org({ from: ["contoso.example"], via: { provider: "exo" } }, [exo]));
    const accepts = (target: string) => (p.dkim[0]?.targets ?? []).some((t) => templateMatcher(t)(target) !== null);
    expect(accepts("selector1-contoso-example._domainkey.contoso.onmicrosoft.com.")).toBe(true);
    expect(accepts("selector1-contoso-example._domainkey.Contoso.n-v1.dkim.mail.microsoft")).toBe(true);
    expect(accepts("selector1-contoso-example._domainkey.fabrikam.onmicrosoft.com")).toBe(false);
    expect(accepts("selector2-contoso-example._domainkey.contoso.onmicrosoft.com")).toBe(false);
  });

  it("GCC High: the office365.us include and the cloud's initial domain", () => {
    const gcc = { ...exo, settings: { tenant: "contoso", cloud: "gcc-high" } };
    const via = providerVia(plan(org({ from: ["contoso.example"], via: { provider: "exo" } }, [gcc])));
    expect(via.spf.expected).toEqual([{ anyOf: ["include:spf.protection.office365.us"] }]);
    expect(via.defaultSigning.domain).toBe("contoso.onmicrosoft.us");
  });

  it("a path's own dkim list keeps its selectors and gains the catalog's targets", () => {
    const p = plan(
      org(
        {
          from: ["contoso.example"],
          via: { provider: "exo" },
          dkim: [
            { domain: "contoso.example", selector: "selector2" },
            { domain: "contoso.example", selector: "other" },
          ],
        },
        [exo],
      ),
    );
    expect(p.dkim.map((s) => [s.selector, s.source, s.record])).toEqual([
      ["selector2", "path", "cname"],
      ["other", "path", undefined],
    ]);
    expect(p.dkim[0]?.targets?.[0]).toBe("selector2-contoso-example._domainkey.contoso.onmicrosoft.com");
  });

  it("SendGrid without returnPathDomain: bounces to sendgrid.net", () => {
    const p = plan(
      org({ from: ["news.contoso.example"], via: { provider: "sg" } }, [{ id: "sg", catalog: "sendgrid" }]),
    );
    expect(p.mailFrom).toEqual({ domain: "sendgrid.net", source: "provider-default" });
    const via = providerVia(p);
    expect(via.spf).toEqual({ publishedOn: "provider-managed", expected: [] });
    expect(via.mailFromDns).toEqual([]);
    expect(via.defaultSigning).toEqual({ signsWithOwnDomain: true, domain: "sendgrid.net" });
    expect(p.dkim.map((s) => [s.domain, s.selector, s.targets])).toEqual([
      ["news.contoso.example", "s1", ["s1.domainkey.u{userId}.wl{wl}.sendgrid.net"]],
      ["news.contoso.example", "s2", ["s2.domainkey.u{userId}.wl{wl}.sendgrid.net"]],
    ]);
  });

  it("SendGrid with returnPathDomain: the custom envelope domain and its CNAME", () => {
    const sg = { id: "sg", catalog: "sendgrid", settings: { returnPathDomain: "EM4821.news.contoso.example" } };
    const p = plan(org({ from: ["news.contoso.example"], via: { provider: "sg" } }, [sg]));
    expect(p.mailFrom).toEqual({
      domain: "em4821.news.contoso.example",
      source: "provider-custom",
      setting: "returnPathDomain",
    });
    expect(providerVia(p).mailFromDns).toMatchObject([
      { type: "CNAME", name: "em4821.news.contoso.example", value: "u{userId}.wl{wl}.sendgrid.net" },
    ]);
  });

  it("SES without mailFromDomain: a subdomain of amazonses.com, nothing for the customer to publish", () => {
    const p = plan(
      org({ from: ["contoso.example"], via: { provider: "ses" } }, [
        { id: "ses", catalog: "amazon-ses", settings: { region: "eu-west-1" } },
      ]),
    );
    expect(p.mailFrom).toEqual({ domain: "amazonses.com", source: "provider-default", subdomains: true });
    expect(providerVia(p).spf).toEqual({ publishedOn: "mail-from-domain", expected: [] });
    expect(p.dkim).toEqual([
      {
        domain: "contoso.example",
        selector: "{token}",
        source: "catalog-default",
        record: "cname",
        targets: ["{token}.dkim.amazonses.com"],
        unresolved: ["token"],
      },
    ]);
  });

  it("SES with mailFromDomain: SPF and MX on the MAIL FROM domain", () => {
    const ses = {
      id: "ses",
      catalog: "amazon-ses",
      settings: { region: "eu-west-1", mailFromDomain: "bounce.contoso.example" },
    };
    const p = plan(org({ from: ["contoso.example"], via: { provider: "ses" } }, [ses]));
    expect(p.mailFrom).toEqual({
      domain: "bounce.contoso.example",
      source: "provider-custom",
      setting: "mailFromDomain",
    });
    const via = providerVia(p);
    expect(via.spf).toEqual({
      publishedOn: "mail-from-domain",
      publishOn: "bounce.contoso.example",
      expected: [{ anyOf: ["include:amazonses.com"] }],
    });
    expect(via.mailFromDns).toEqual([
      { type: "MX", name: "bounce.contoso.example", value: "10 feedback-smtp.eu-west-1.amazonses.com" },
      { type: "TXT", name: "bounce.contoso.example", value: "v=spf1 include:amazonses.com ~all" },
    ]);
  });

  it("SES with BYODKIM: the user's selector instead of the Easy DKIM tokens", () => {
    const ses = { id: "ses", catalog: "amazon-ses", settings: { region: "eu-west-1", dkimSelector: "ses2025" } };
    const p = plan(org({ from: ["contoso.example"], via: { provider: "ses" } }, [ses]));
    expect(p.dkim).toEqual([
      { domain: "contoso.example", selector: "ses2025", source: "catalog-default", record: "txt" },
    ]);
  });

  it("a path's mailFrom wins over the provider's", () => {
    const ses = {
      id: "ses",
      catalog: "amazon-ses",
      settings: { region: "eu-west-1", mailFromDomain: "bounce.contoso.example" },
    };
    const p = plan(
      org({ from: ["contoso.example"], via: { provider: "ses" }, mailFrom: "mail.contoso.example" }, [ses]),
    );
    expect(p.mailFrom).toEqual({ domain: "mail.contoso.example", source: "path" });
    expect(providerVia(p).mailFromDns).toEqual([]);
  });

  it("a smart host without mailFrom: the From domain, IPs to resolve, no signatures", () => {
    const p = plan(org({ from: ["Contoso.Example"], via: { smartHost: "relay" } }));
    expect(p).toEqual({
      pathId: "p",
      fromDomain: "contoso.example",
      via: { kind: "smart-host", smartHostId: "relay", hostname: "relay.contoso.example", ips: undefined },
      mailFrom: { domain: "contoso.example", source: "from-domain" },
      dkim: [],
    });
  });

  it("a smart host with IPs and a path's signatures", () => {
    const p = plan(
      org({
        from: ["contoso.example"],
        via: { smartHost: "edge" },
        mailFrom: "bounce.contoso.example",
        dkim: [{ domain: "contoso.example", selector: "Relay2025" }],
      }),
    );
    expect(p.via).toEqual({
      kind: "smart-host",
      smartHostId: "edge",
      hostname: "edge.contoso.example",
      ips: ["192.0.2.25"],
    });
    expect(p.mailFrom).toEqual({ domain: "bounce.contoso.example", source: "path" });
    expect(p.dkim).toEqual([{ domain: "contoso.example", selector: "relay2025", source: "path" }]);
  });

  it("direct sending: its IPs, the From domain as envelope", () => {
    const p = plan(org({ from: ["contoso.example"], via: { direct: { ips: ["192.0.2.10", "2001:db8::10"] } } }));
    expect(p.via).toEqual({ kind: "direct", ips: ["192.0.2.10", "2001:db8::10"] });
    expect(p.mailFrom).toEqual({ domain: "contoso.example", source: "from-domain" });
    expect(p.dkim).toEqual([]);
  });

  it("one plan per From domain, in order", () => {
    const plans = planPaths(
      org({ from: ["contoso.example", "news.contoso.example"], via: { provider: "exo" } }, [exo]),
      providerCatalog,
    );
    expect(plans.map((p) => [p.pathId, p.fromDomain, p.dkim[0]?.targets?.[0]])).toEqual([
      ["p", "contoso.example", "selector1-contoso-example._domainkey.contoso.onmicrosoft.com"],
      ["p", "news.contoso.example", "selector1-news-contoso-example._domainkey.contoso.onmicrosoft.com"],
    ]);
  });

  it("Mailgun signs with its sending domain when one is given", () => {
    const mg = { id: "mg", catalog: "mailgun", settings: { sendingDomain: "mg.contoso.example" } };
    const p = plan(org({ from: ["contoso.example"], via: { provider: "mg" } }, [mg]));
    expect(p.mailFrom).toEqual({ domain: "mg.contoso.example", source: "provider-custom", setting: "sendingDomain" });
    expect(p.dkim.map((s) => [s.domain, s.selector])).toEqual([
      ["mg.contoso.example", "pdk1"],
      ["mg.contoso.example", "pdk2"],
    ]);
    expect(providerVia(p).spf).toMatchObject({
      publishOn: "mg.contoso.example",
      expected: [{ anyOf: ["include:mailgun.org"] }],
    });
  });

  it("alternatives: Mimecast's regional or global include, Zoho's conflicting names", () => {
    const mc = providerVia(
      plan(
        org({ from: ["contoso.example"], via: { provider: "mc" } }, [
          { id: "mc", catalog: "mimecast", settings: { region: "eu" } },
        ]),
      ),
    );
    expect(mc.spf.expected).toEqual([
      { anyOf: ["include:eu._netblocks.mimecast.com", "include:_netblocks.mimecast.com"] },
    ]);
    const global = providerVia(
      plan(org({ from: ["contoso.example"], via: { provider: "mc" } }, [{ id: "mc", catalog: "mimecast" }])),
    );
    expect(global.spf.expected).toEqual([{ anyOf: ["include:_netblocks.mimecast.com"] }]);
    const zoho = providerVia(
      plan(
        org({ from: ["contoso.example"], via: { provider: "z" } }, [
          { id: "z", catalog: "zoho-mail", settings: { region: "eu" } },
        ]),
      ),
    );
    expect(zoho.spf.expected).toEqual([{ anyOf: ["include:zoho.eu", "include:zohomail.eu", "include:spf.zoho.eu"] }]);
  });

  it("legacy forms are never expected, but join a group as alternatives", () => {
    const brevo = providerVia(
      plan(org({ from: ["contoso.example"], via: { provider: "b" } }, [{ id: "b", catalog: "brevo" }])),
    );
    expect(brevo.spf.expected).toEqual([{ anyOf: ["include:spf.brevo.com", "include:spf.sendinblue.com"] }]);
    const mailchimp = plan(
      org({ from: ["contoso.example"], via: { provider: "m" } }, [{ id: "m", catalog: "mailchimp" }]),
    );
    expect(providerVia(mailchimp).spf.expected).toEqual([]);
    expect(mailchimp.dkim.map((s) => s.selector)).toEqual(["k2", "k3"]);
  });

  it("Proofpoint Essentials: an a: mechanism for the platform", () => {
    const ppe = providerVia(
      plan(
        org({ from: ["contoso.example"], via: { provider: "pp" } }, [
          { id: "pp", catalog: "proofpoint-essentials", settings: { region: "eu" } },
        ]),
      ),
    );
    expect(ppe.spf.expected).toEqual([{ anyOf: ["a:dispatch-eu.ppe-hosted.com"] }]);
  });

  it("selectors that need a value the user did not give stay unresolved", () => {
    const p = plan(org({ from: ["contoso.example"], via: { provider: "h" } }, [{ id: "h", catalog: "hubspot" }]));
    expect(p.dkim.map((s) => [s.selector, s.unresolved])).toEqual([
      ["hs1-{hubId}", ["hubId"]],
      ["hs2-{hubId}", ["hubId"]],
    ]);
    const given = plan(
      org({ from: ["contoso.example"], via: { provider: "h" } }, [
        { id: "h", catalog: "hubspot", settings: { hubId: "1234567" } },
      ]),
    );
    expect(given.dkim.map((s) => [s.selector, s.targets])).toEqual([
      ["hs1-1234567", ["contoso-example.hs{cluster}a.dkim.hubspotemail.net"]],
      ["hs2-1234567", ["contoso-example.hs{cluster}b.dkim.hubspotemail.net"]],
    ]);
  });

  it("refuses a description that is invalid against the catalog", () => {
    expect(() => planPaths(org({ from: ["contoso.example"], via: { provider: "nope" } }), providerCatalog)).toThrow(
      OrgError,
    );
  });

  it("plans are plain JSON", () => {
    const plans = planPaths(org({ from: ["contoso.example"], via: { provider: "exo" } }, [exo]), providerCatalog);
    expect(JSON.parse(JSON.stringify(plans))).toEqual(plans);
  });
});
