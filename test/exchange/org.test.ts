import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsFixture, FixtureOwner } from "../../src/dns/fixture/types.ts";
import {
  type ExchangeConfig,
  type OrgAnnotation,
  orgFromExchange,
  orgToYaml,
  parseExchangeExports,
} from "../../src/exchange/index.ts";
import { loadOrg } from "../../src/org/load.ts";
import type { Organisation } from "../../src/org/types.ts";
import { hybridFixtureFiles } from "./hybrid/generate.ts";

const resolver = (records: Record<string, FixtureOwner>) =>
  new FixtureResolver({ version: 1, records } satisfies DnsFixture);
const DNS = resolver({ "mail.contoso.example": { A: ["198.51.100.10"], AAAA: ["2001:db8::10"] } });

/** The hybrid organisation's JSON exports, with optional changes to some objects. */
function hybrid(change: Record<string, (objects: Record<string, unknown>[]) => unknown[]> = {}): ExchangeConfig {
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(hybridFixtureFiles())) {
    if (!path.startsWith("json/")) continue;
    const name = path.slice(5);
    const edit = change[name];
    if (edit === undefined) {
      files[name] = text;
      continue;
    }
    const doc = JSON.parse(text) as unknown;
    const list = (Array.isArray(doc) ? doc : ((doc as { value?: unknown[] }).value ?? [doc])) as Record<
      string,
      unknown
    >[];
    files[name] = JSON.stringify(edit(list));
  }
  return parseExchangeExports(files);
}

async function derive(config: ExchangeConfig, options: Parameters<typeof orgFromExchange>[1] = {}) {
  const r = await orgFromExchange(config, options);
  if (!r.ok) throw new Error(r.error);
  // Always a valid description, and the YAML reads back to it.
  expect(loadOrg(r.org)).toEqual(r.org);
  expect(loadOrg(orgToYaml(r.org, r.annotations), { format: "yaml" })).toEqual(r.org);
  return r;
}

const at = (annotations: OrgAnnotation[], pointer: string) => annotations.find((a) => a.pointer === pointer);
const rootNotes = (annotations: OrgAnnotation[]) => at(annotations, "")?.notes.join("\n") ?? "";

describe("orgFromExchange on the hybrid organisation", () => {
  it("derives domains, the smart host, the tenant and the paths", async () => {
    const { org } = await derive(hybrid(), { resolver: DNS });
    expect(org).toEqual({
      version: 1,
      name: "Contoso",
      domains: [{ name: "contoso.example" }, { name: "news.contoso.example" }],
      smartHosts: [{ id: "relay.contoso.example", hostname: "relay.contoso.example" }],
      providers: [{ id: "exo", catalog: "microsoft365", settings: { tenant: "contoso" } }],
      paths: [
        {
          id: "internet-via-relay",
          description:
            'Exchange Server send connector "Internet via relay" (address spaces SMTP:*;1; port 587, SmartHostAuthMechanism BasicAuthRequireTLS, RequireTLS true, TlsAuthLevel CertificateValidation, IgnoreSTARTTLS false, Fqdn mail.contoso.example) to the smart host relay.contoso.example',
          from: ["contoso.example", "news.contoso.example"],
          via: { smartHost: "relay.contoso.example" },
        },
        {
          id: "partner-direct",
          description:
            'Exchange Server send connector "Partner direct" delivers by DNS (address spaces SMTP:partner.example;10; RequireTLS true, TlsAuthLevel DomainValidation, IgnoreSTARTTLS false, TlsDomain partner.example, Fqdn mail.contoso.example)',
          from: ["contoso.example", "news.contoso.example"],
          via: { direct: { ips: ["198.51.100.10", "2001:db8::10"] } },
        },
        {
          id: "exchange-online-contoso.example",
          description: "Exchange Online mailboxes, delivered by Exchange Online",
          from: ["contoso.example"],
          via: { provider: "exo" },
          dkim: [
            { domain: "contoso.example", selector: "selector1" },
            { domain: "contoso.example", selector: "selector2" },
          ],
        },
        {
          id: "exchange-online",
          description: "Exchange Online mailboxes, delivered by Exchange Online",
          from: ["news.contoso.example"],
          via: { provider: "exo" },
          dkim: [],
        },
      ],
    } satisfies Organisation);
  });

  it("says where each part came from and what to confirm", async () => {
    const { annotations } = await derive(hybrid(), { resolver: DNS });
    expect(at(annotations, "/paths/0")?.from).toEqual([
      'Get-SendConnector "Internet via relay" (onprem/GetSendConnector.json)',
    ]);
    expect(at(annotations, "/paths/1")?.confirm[0]).toMatch(
      /198.51.100.10, 2001:db8::10 are the A\/AAAA records of the connector's Fqdn mail.contoso.example; confirm/,
    );
    expect(at(annotations, "/paths/2")?.notes).toEqual([
      'selector1._domainkey.contoso.example must be a CNAME to selector1-contoso-example._domainkey.contoso.n-v1.dkim.mail.microsoft (Get-DkimSigningConfig "contoso.example" (online/GetDkimSigningConfig.json), 2048-bit key).',
      'selector2._domainkey.contoso.example must be a CNAME to selector2-contoso-example._domainkey.contoso.n-v1.dkim.mail.microsoft (Get-DkimSigningConfig "contoso.example" (online/GetDkimSigningConfig.json), 2048-bit key).',
    ]);
    expect(at(annotations, "/paths/3")?.notes[0]).toMatch(
      /DKIM signing is disabled for news.contoso.example .*signs with contoso.onmicrosoft.com, which does not align/,
    );
    expect(at(annotations, "/providers/0")?.from).toEqual([
      'tenant contoso from Get-AcceptedDomain "contoso.onmicrosoft.com" (online/GetAcceptedDomain.json)',
    ]);
    const notes = rootNotes(annotations);
    expect(notes).toMatch(/Accepted domain \* \(InternalRelay\) is not listed: a wildcard/);
    expect(notes).toMatch(
      /Accepted domain contoso.mail.onmicrosoft.com \(Authoritative\) is not listed: Microsoft's tenant domain/,
    );
    expect(notes).toMatch(
      /"Outbound to Office 365 - 6f1e3c" carries mail for Exchange Online mailboxes .* not a path to the internet/,
    );
    expect(notes).toMatch(/Exchange Online sends mail for fabrikam.example by MX \(Partner connector/);
  });

  it("writes YAML with the annotations as comments", async () => {
    const { org, annotations } = await derive(hybrid(), { resolver: DNS });
    const yaml = orgToYaml(org, annotations);
    expect(yaml.startsWith("# Organisation description derived from Exchange exports by email-auth-audit.\n")).toBe(
      true,
    );
    expect(yaml).toMatch(
      /\n {2}# from: Get-SendConnector "Internet via relay" \(onprem\/GetSendConnector.json\)\n( {2}#.*\n)* {2}- id: internet-via-relay\n/,
    );
    expect(yaml).toContain("  # CONFIRM: The egress addresses 198.51.100.10, 2001:db8::10 are the A/AAAA records");
    expect(yaml).toContain("    via: {provider: exo}\n");
    expect(yaml).toContain("      - {domain: contoso.example, selector: selector1}\n");
    for (const line of yaml.split("\n"))
      expect(line.startsWith("#") || line.trimStart().startsWith("#") ? line.length : 0).toBeLessThanOrEqual(104);
  });
});

describe("egress of connectors that deliver by DNS", () => {
  it("without a resolver, the path is left out and the note says why; the domains keep sending", async () => {
    const { org, annotations } = await derive(hybrid());
    expect(org.paths.map((p) => p.id)).not.toContain("partner-direct");
    expect(rootNotes(annotations)).toMatch(
      /"Partner direct" delivers by DNS \(MX\) but its egress address .* was not looked up: no resolver given/,
    );
    expect(org.domains.every((d) => d.sends === undefined)).toBe(true);
  });

  it("a lookup that fails is unknown, not absent", async () => {
    const { org, annotations } = await derive(hybrid(), {
      resolver: resolver({ "mail.contoso.example": { A: { timeout: true }, AAAA: { rcode: "SERVFAIL" } } }),
    });
    expect(org.paths.map((p) => p.id)).not.toContain("partner-direct");
    expect(rootNotes(annotations)).toMatch(
      /its Fqdn mail.contoso.example could not be resolved \(A: timeout.*; AAAA: servfail.*\): the egress is unknown, not absent/,
    );
  });

  it("a lookup that half fails gives the addresses found and asks for the rest", async () => {
    const { org, annotations } = await derive(hybrid(), {
      resolver: resolver({ "mail.contoso.example": { A: ["198.51.100.10"], AAAA: { timeout: true } } }),
    });
    const i = org.paths.findIndex((p) => p.id === "partner-direct");
    expect(org.paths[i]?.via).toEqual({ direct: { ips: ["198.51.100.10"] } });
    expect(at(annotations, `/paths/${i}`)?.confirm[1]).toMatch(/Part of the lookup failed \(AAAA: timeout/);
  });

  it("a name without addresses says so", async () => {
    const { annotations } = await derive(hybrid(), { resolver: resolver({}) });
    expect(rootNotes(annotations)).toMatch(/its Fqdn mail.contoso.example has no A or AAAA record/);
  });
});

describe("Exchange Online's routes", () => {
  it("RouteAllMessagesViaOnPremises: Exchange Online mail leaves through the on-premises paths, with its DKIM", async () => {
    const config = hybrid({
      "online/GetOutboundConnector.json": (list) =>
        list.map((c) => (c.ConnectorType === "OnPremises" ? { ...c, RouteAllMessagesViaOnPremises: true } : c)),
    });
    const { org, annotations } = await derive(config, { resolver: DNS });
    expect(org.providers).toBeUndefined();
    const exo = org.paths.filter((p) => p.id.startsWith("exo-via-"));
    expect(exo.map((p) => [p.id, p.via, p.from, p.dkim?.length])).toEqual([
      ["exo-via-internet-via-relay-contoso.example", { smartHost: "relay.contoso.example" }, ["contoso.example"], 2],
      ["exo-via-internet-via-relay", { smartHost: "relay.contoso.example" }, ["news.contoso.example"], 0],
    ]);
    const i = org.paths.findIndex((p) => p.id === "exo-via-internet-via-relay");
    expect(at(annotations, `/paths/${i}`)?.confirm[0]).toMatch(
      /Centralised mail transport: Exchange Online mail leaves through the on-premises egress, so SPF must authorise it there/,
    );
  });

  it("a Partner connector for every domain through smart hosts: Exchange Online mail leaves through the gateway", async () => {
    const config = hybrid({
      "online/GetOutboundConnector.json": (list) => [
        ...list,
        {
          Name: "To gateway",
          ConnectorType: "Partner",
          UseMXRecord: false,
          SmartHosts: ["gw.filter.example"],
          RecipientDomains: ["*"],
          TlsSettings: "CertificateValidation",
          Enabled: true,
        },
      ],
    });
    const { org } = await derive(config, { resolver: DNS });
    expect(org.providers).toBeUndefined();
    expect(org.smartHosts?.map((h) => h.hostname)).toEqual(["relay.contoso.example", "gw.filter.example"]);
    expect(org.paths.filter((p) => p.id.startsWith("exo-via-")).map((p) => p.via)).toEqual([
      { smartHost: "gw.filter.example" },
      { smartHost: "gw.filter.example" },
    ]);
  });

  it("without Get-DkimSigningConfig, one path with the catalog's selectors", async () => {
    const files = Object.fromEntries(
      Object.entries(hybridFixtureFiles())
        .filter(([p]) => p.startsWith("json/") && !p.includes("Dkim"))
        .map(([p, t]) => [p.slice(5), t]),
    );
    const { org, annotations } = await derive(parseExchangeExports(files), { resolver: DNS });
    const i = org.paths.findIndex((p) => p.id === "exchange-online");
    expect(org.paths[i]).toMatchObject({ from: ["contoso.example", "news.contoso.example"], via: { provider: "exo" } });
    expect(org.paths[i]?.dkim).toBeUndefined();
    expect(at(annotations, `/paths/${i}`)?.notes[0]).toMatch(
      /Get-DkimSigningConfig was not read: the audit expects the catalog's selector1\/selector2/,
    );
  });

  it("a domain Exchange Online may not send from, and no path uses, is marked sends: false to confirm", async () => {
    const config = hybrid({
      "online/GetAcceptedDomain.json": (list) => [
        ...list,
        { DomainName: "old.example", DomainType: "Authoritative", SendingFromDomainDisabled: true },
      ],
    });
    const { org, annotations } = await derive(config, { resolver: DNS });
    const i = org.domains.findIndex((d) => d.name === "old.example");
    expect(org.domains[i]).toEqual({ name: "old.example", sends: false });
    expect(at(annotations, `/domains/${i}`)?.confirm[0]).toMatch(
      /No path in the exports sends From old.example \(Exchange Online: SendingFromDomainDisabled\): sends: false means/,
    );
  });
});

describe("Exchange Server alone (the CSS-Exchange lab)", () => {
  const CSS = new URL("../../fixtures/exchange/css-exchange/", import.meta.url).pathname;

  it("leaves out the relay through Exchange Online while the tenant is unknown, and says so", async () => {
    const { readExchangeConfig } = await import("../../src/exchange/index.ts");
    const { org, annotations } = await derive(await readExchangeConfig(CSS));
    expect(org).toEqual({ version: 1, name: "SoloORG", domains: [{ name: "solo.com" }], paths: [] });
    const notes = rootNotes(annotations);
    expect(notes).toMatch(/The Exchange Online path is left out: the tenant is unknown/);
    expect(notes).toMatch(/Accepted domain \*.contoso.local \(Authoritative\) is not listed: a wildcard/);
    expect(notes).toMatch(/Accepted domain \*.com \(InternalRelay\) is not listed: a wildcard/);
  });

  it("relays through Exchange Online once Exchange Online's accepted domains name the tenant", async () => {
    const { readExchangeConfig } = await import("../../src/exchange/index.ts");
    const onPrem = await readExchangeConfig(CSS);
    const online = parseExchangeExports({
      "exo/accepted.json":
        '[{"DomainName":"Solo.com","DomainType":"Authoritative"},{"DomainName":"solo.onmicrosoft.com","DomainType":"Authoritative","InitialDomain":true}]',
    });
    const config = { ...onPrem, acceptedDomains: [...onPrem.acceptedDomains, ...online.acceptedDomains] };
    const { org, annotations } = await derive(config);
    expect(org.providers).toEqual([{ id: "exo", catalog: "microsoft365", settings: { tenant: "solo" } }]);
    expect(org.paths).toEqual([
      {
        id: "exchange-online",
        description:
          'Exchange Server send connector "Mail to O365" (address spaces SMTP:*;1; port 25, SmartHostAuthMechanism None, RequireTLS false, TlsAuthLevel not set, IgnoreSTARTTLS false) relays through Exchange Online (microsoft-com.mail.protection.outlook.com); Exchange Online mailboxes, delivered by Exchange Online',
        from: ["solo.com"],
        via: { provider: "exo" },
      },
    ]);
    expect(at(annotations, "/paths/0")?.confirm[0]).toMatch(
      /relays on-premises mail only when an OnPremises inbound connector matches it/,
    );
  });
});

describe("other send connectors", () => {
  const send = (connectors: unknown[]) =>
    parseExchangeExports({
      "send.json": JSON.stringify(connectors),
      "domains.json": '[{"DomainName":"contoso.example","DomainType":"Authoritative"}]',
    });

  it("a smart host given by address is a direct path to confirm; a disabled connector is no path", async () => {
    const { org, annotations } = await derive(
      send([
        { Name: "By IP", AddressSpaces: ["SMTP:*;1"], SmartHosts: ["[192.0.2.7]"], DNSRoutingEnabled: false },
        {
          Name: "Off",
          AddressSpaces: ["SMTP:*;1"],
          SmartHosts: ["x.example"],
          DNSRoutingEnabled: false,
          Enabled: false,
        },
        { Name: "No Fqdn", AddressSpaces: ["SMTP:*;1"], DNSRoutingEnabled: true },
      ]),
      { resolver: DNS },
    );
    expect(org.paths.map((p) => [p.id, p.via])).toEqual([["by-ip", { direct: { ips: ["192.0.2.7"] } }]]);
    expect(at(annotations, "/paths/0")?.confirm[0]).toMatch(/The smart host is given by address \(192.0.2.7\)/);
    const notes = rootNotes(annotations);
    expect(notes).toMatch(/Send connector "Off" is disabled, so it is not a path/);
    expect(notes).toMatch(/"No Fqdn" delivers by DNS \(MX\) but has no Fqdn/);
  });

  it("two connectors through one smart host share it", async () => {
    const { org } = await derive(
      send([
        { Name: "A", AddressSpaces: ["SMTP:*;1"], SmartHosts: ["relay.example"], DNSRoutingEnabled: false },
        { Name: "B", AddressSpaces: ["SMTP:b.example;1"], SmartHosts: ["RELAY.example."], DNSRoutingEnabled: false },
      ]),
    );
    expect(org.smartHosts).toEqual([{ id: "relay.example", hostname: "relay.example" }]);
    expect(org.paths).toHaveLength(1);
  });

  it("a configuration that is not one never rejects", async () => {
    const r = await orgFromExchange({ sendConnectors: null } as unknown as ExchangeConfig);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/the configuration could not be read/);
  });

  it("no domain at all: no description, and why", async () => {
    const r = await orgFromExchange(
      parseExchangeExports({ "send.json": '[{"Name":"A","AddressSpaces":["SMTP:*;1"]}]' }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/no domain of the organisation was read: export Get-AcceptedDomain/);
  });
});
