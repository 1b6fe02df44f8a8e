/**
 * The hybrid organisation's exports (`fixtures/exchange/hybrid/`, written from
 * `hybrid/source.ts`): both formats, every encoding, any file name, read to the same values.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type ExchangeConfig, parseExchangeExports, readExchangeConfig } from "../../src/exchange/index.ts";
import { HYBRID_DIR, hybridFixtureFiles } from "./hybrid/generate.ts";

type Encoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be";

function encode(text: string, encoding: Encoding): Uint8Array {
  if (encoding === "utf-8") return Buffer.from(text, "utf8");
  if (encoding === "utf-8-bom") return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
  const body = Buffer.from(text, "utf16le");
  if (encoding === "utf-16be") body.swap16();
  return Buffer.concat([Buffer.from(encoding === "utf-16le" ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(relative(HYBRID_DIR, join(e.parentPath, e.name)));
  }
  return out.sort();
}

/** The configuration without `source` and `files`, to compare two readings. */
function values(config: ExchangeConfig) {
  const out: Record<string, unknown> = {};
  for (const [key, list] of Object.entries(config)) {
    if (key === "files" || key === "problems") continue;
    out[key] = (list as { source: { environment: string; cmdlet: string } }[]).map(({ source, ...rest }) => ({
      ...rest,
      env: source.environment,
      cmdlet: source.cmdlet,
    }));
  }
  return out;
}

let clixml: ExchangeConfig;
let json: ExchangeConfig;

beforeAll(async () => {
  clixml = await readExchangeConfig(join(HYBRID_DIR, "clixml"));
  json = await readExchangeConfig(join(HYBRID_DIR, "json"));
});

describe("the hybrid fixtures", () => {
  it("are what generate.ts writes from the source", async () => {
    const expected = hybridFixtureFiles();
    expect(await filesUnder(HYBRID_DIR)).toEqual(Object.keys(expected).sort());
    for (const [path, text] of Object.entries(expected)) {
      expect(await readFile(join(HYBRID_DIR, path), "utf8"), path).toBe(text);
    }
  });

  it("read without problems, each file as one cmdlet and environment", () => {
    for (const config of [clixml, json]) {
      expect(config.problems).toEqual([]);
      for (const f of config.files) {
        expect(f.environment).toBe(f.file.startsWith("online/") ? "online" : "on-premises");
        expect(f.cmdlets).toEqual([`Get-${f.file.replace(/^.*\/Get|\.\w+$/g, "")}`]);
      }
    }
  });

  it("give the same values in CLIXML and in JSON", () => {
    expect(values(json)).toEqual(values(clixml));
  });

  it.each(["utf-8", "utf-8-bom", "utf-16le", "utf-16be"] as const)(
    "give the same values in %s, under any file name",
    (encoding) => {
      for (const [format, reference] of [
        ["clixml", clixml],
        ["json", json],
      ] as const) {
        const files: Record<string, Uint8Array> = {};
        Object.entries(hybridFixtureFiles())
          .filter(([path]) => path.startsWith(`${format}/`))
          .forEach(([path, text], i) => {
            // The environment stays in the folder name; the file name says nothing.
            files[`${path.split("/")[1]}/export-${i}.out`] = encode(text, encoding);
          });
        const config = parseExchangeExports(files);
        expect(config.problems).toEqual([]);
        expect(config.files.every((f) => f.encoding === encoding.replace("-bom", ""))).toBe(true);
        expect(values(config)).toEqual(values(reference));
      }
    },
  );

  it("hold the send connectors' values", () => {
    const [relay, hybrid, partner] = clixml.sendConnectors;
    expect(relay).toMatchObject({
      Name: "Internet via relay",
      AddressSpaces: [{ Type: "SMTP", Address: "*", Cost: 1, IncludeSubDomains: true }],
      SmartHosts: ["relay.contoso.example"],
      DNSRoutingEnabled: false,
      Port: 587,
      SmartHostAuthMechanism: "BasicAuthRequireTLS",
      AuthenticationCredential: "CONTOSO\\smtp-relay",
      RequireTLS: true,
      TlsAuthLevel: "CertificateValidation",
      Fqdn: "mail.contoso.example",
      SourceTransportServers: ["EX01", "EX02"],
      MaxMessageSize: 36_700_160,
      Comment: "Line one\r\nline two",
      WhenChangedUTC: "2025-05-04T10:11:12.000Z",
    });
    expect(hybrid).toMatchObject({
      AddressSpaces: [{ Type: "SMTP", Address: "contoso.mail.onmicrosoft.com", Cost: 1, IncludeSubDomains: false }],
      SmartHosts: ["contoso-example.mail.protection.outlook.com"],
      TlsAuthLevel: "DomainValidation",
      TlsDomain: "mail.protection.outlook.com",
      TlsCertificateName: "<I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.example",
      CloudServicesMailEnabled: true,
      ConnectorType: "XPremises",
      MaxMessageSize: "Unlimited",
    });
    expect(partner).toMatchObject({
      AddressSpaces: [{ Type: "SMTP", Address: "partner.example", Cost: 10, IncludeSubDomains: false }],
      SmartHosts: [],
      DNSRoutingEnabled: true,
      TlsDomain: "partner.example",
    });
  });

  it("hold the receive connectors, relay permissions and accepted domains", () => {
    expect(clixml.receiveConnectors[1]).toMatchObject({
      Identity: "EX01\\Anonymous Relay",
      RemoteIPRanges: ["192.0.2.0/24", "198.51.100.20"],
      PermissionGroups: ["AnonymousUsers"],
      AuthMechanism: ["Tls"],
      TransportRole: "FrontendTransport",
      MessageRateLimit: 100,
    });
    expect(clixml.adPermissions.map((p) => [p.Identity, p.User, p.ExtendedRights, p.Deny, p.IsInherited])).toEqual([
      ["EX01\\Anonymous Relay", "NT AUTHORITY\\ANONYMOUS LOGON", ["ms-Exch-SMTP-Accept-Any-Recipient"], false, false],
      ["EX01\\Default Frontend EX01", "NT AUTHORITY\\ANONYMOUS LOGON", ["ms-Exch-SMTP-Submit"], false, false],
    ]);
    expect(
      clixml.acceptedDomains.map((d) => [d.DomainName, d.DomainType, d.InitialDomain ?? null, d.source.environment]),
    ).toEqual([
      ["contoso.example", "Authoritative", false, "online"],
      ["news.contoso.example", "Authoritative", false, "online"],
      ["contoso.onmicrosoft.com", "Authoritative", true, "online"],
      ["contoso.mail.onmicrosoft.com", "Authoritative", false, "online"],
      ["contoso.example", "Authoritative", null, "on-premises"],
      ["news.contoso.example", "Authoritative", null, "on-premises"],
      ["contoso.mail.onmicrosoft.com", "Authoritative", null, "on-premises"],
      ["*", "InternalRelay", null, "on-premises"],
    ]);
    expect(clixml.transportConfig[0]).toMatchObject({
      InternalSMTPServers: ["192.0.2.25"],
      MaxSendSize: 36_700_160,
      MaxRecipientEnvelopeLimit: "Unlimited",
      ExternalPostmasterAddress: null,
    });
  });

  it("hold Exchange Online's connectors, DKIM, organisation, remote domain and spam policy", () => {
    expect(
      clixml.outboundConnectors.map((c) => [
        c.Name,
        c.ConnectorType,
        c.UseMXRecord,
        c.TlsSettings,
        c.MtaStsMode,
        c.SmtpDaneMode,
        c.RouteAllMessagesViaOnPremises,
      ]),
    ).toEqual([
      [
        "Outbound to Contoso on-premises",
        "OnPremises",
        false,
        "DomainValidation",
        "Opportunistic",
        "Opportunistic",
        false,
      ],
      ["Partner Fabrikam", "Partner", true, "EncryptionOnly", "None", "None", false],
    ]);
    expect(clixml.inboundConnectors[0]).toMatchObject({
      ConnectorType: "OnPremises",
      SenderDomains: ["smtp:*;1"],
      SenderIPAddresses: [],
      TlsSenderCertificateName: "mail.contoso.example",
      RequireTls: true,
    });
    expect(
      clixml.dkimSigningConfigs.map((k) => [k.Domain, k.Enabled, k.Status, k.Selector1CNAME, k.Selector1KeySize]),
    ).toEqual([
      ["contoso.example", true, "Valid", "selector1-contoso-example._domainkey.contoso.n-v1.dkim.mail.microsoft", 2048],
      [
        "news.contoso.example",
        false,
        "CnameError",
        "selector1-news-contoso-example._domainkey.contoso.onmicrosoft.com",
        1024,
      ],
      ["contoso.onmicrosoft.com", true, "Valid", null, 2048],
    ]);
    expect(clixml.organizationConfig.map((o) => [o.Name, o.RejectDirectSend ?? null, o.source.environment])).toEqual([
      ["contoso.onmicrosoft.com", false, "online"],
      ["Contoso", null, "on-premises"],
    ]);
    expect(clixml.remoteDomains[0]).toMatchObject({
      DomainName: "*",
      AutoForwardEnabled: true,
      AllowedOOFType: "External",
    });
    expect(clixml.outboundSpamPolicies[0]).toMatchObject({
      IsDefault: true,
      AutoForwardingMode: "On",
      RecipientLimitPerDay: 0,
    });
  });
});
