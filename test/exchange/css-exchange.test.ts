/**
 * The six Export-Clixml captures of microsoft/CSS-Exchange (an Exchange 2019 lab, MIT licence,
 * `fixtures/exchange/css-exchange/LICENSE`) read to the values they hold.
 */
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { type ExchangeConfig, readExchangeConfig } from "../../src/exchange/index.ts";

const DIR = new URL("../../fixtures/exchange/css-exchange/", import.meta.url).pathname;
let config: ExchangeConfig;

beforeAll(async () => {
  config = await readExchangeConfig(DIR);
});

describe("the CSS-Exchange captures", () => {
  it("are each recognised from their content as one cmdlet's CLIXML, UTF-8 with BOM", () => {
    const files = config.files.filter((f) => f.file !== "LICENSE");
    expect(files.map((f) => [f.file, f.cmdlets, f.objects, f.format, f.encoding, f.bom])).toEqual([
      ["GetAcceptedDomain.xml", ["Get-AcceptedDomain"], 3, "clixml", "utf-8", true],
      ["GetExchangeCertificate.xml", ["Get-ExchangeCertificate"], 3, "clixml", "utf-8", true],
      ["GetHybridConfiguration.xml", ["Get-HybridConfiguration"], 1, "clixml", "utf-8", true],
      ["GetOrganizationConfig.xml", ["Get-OrganizationConfig"], 1, "clixml", "utf-8", true],
      ["GetReceiveConnector.xml", ["Get-ReceiveConnector"], 5, "clixml", "utf-8", true],
      ["GetSendConnector.xml", ["Get-SendConnector"], 1, "clixml", "utf-8", true],
    ]);
    // Only the licence is not an export: a warning, nothing else.
    expect(config.problems.map((p) => [p.file, p.severity])).toEqual([["LICENSE", "warning"]]);
  });

  it("are all Exchange Server exports", () => {
    const environments = config.files.filter((f) => f.objects > 0).map((f) => f.environment);
    expect(new Set(environments)).toEqual(new Set(["on-premises"]));
  });

  it("GetSendConnector.xml: the smart-host connector to Exchange Online", () => {
    expect(config.sendConnectors).toHaveLength(1);
    const { source, ...c } = config.sendConnectors[0]!;
    expect(source).toEqual({
      file: "GetSendConnector.xml",
      index: 0,
      format: "clixml",
      cmdlet: "Get-SendConnector",
      environment: "on-premises",
    });
    expect(c).toEqual({
      Name: "Mail to O365",
      Identity: "Mail to O365",
      Enabled: true,
      AddressSpaces: [{ Type: "SMTP", Address: "*", Cost: 1, IncludeSubDomains: true }],
      SmartHosts: ["microsoft-com.mail.protection.outlook.com"],
      DNSRoutingEnabled: false,
      SmartHostAuthMechanism: "None",
      AuthenticationCredential: null,
      Port: 25,
      RequireTLS: false,
      TlsAuthLevel: null,
      TlsDomain: null,
      TlsCertificateName: "<I>CN=localhost<S>CN=localhost",
      IgnoreSTARTTLS: false,
      DomainSecureEnabled: false,
      Fqdn: null,
      CloudServicesMailEnabled: true,
      ConnectorType: "Default",
      SourceTransportServers: ["WIN-CTD3L0RGEN4"],
      SourceIPAddress: "0.0.0.0",
      FrontendProxyEnabled: false,
      MaxMessageSize: 36_700_160,
      IsScopedConnector: false,
      UseExternalDNSServersEnabled: false,
      ForceHELO: false,
      RequireOorg: false,
      ProtocolLoggingLevel: "None",
      ErrorPolicies: "Default",
      SmtpMaxMessagesPerConnection: 20,
      Comment: "",
      WhenChangedUTC: "2022-03-23T17:00:30.000Z",
    });
  });

  it("GetReceiveConnector.xml: the five default connectors of one server", () => {
    const rows = config.receiveConnectors.map((c) => [
      c.Identity,
      c.TransportRole,
      c.Bindings,
      c.PermissionGroups,
      c.AuthMechanism,
      c.TlsDomainCapabilities,
      c.MessageRateLimit,
      c.MaxInboundConnectionPerSource,
    ]);
    const all = ["Tls", "Integrated", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer"];
    expect(rows).toEqual([
      [
        "WIN-CTD3L0RGEN4\\Default WIN-CTD3L0RGEN4",
        "HubTransport",
        ["0.0.0.0:2525", "[::]:2525"],
        ["ExchangeUsers", "ExchangeServers", "ExchangeLegacyServers"],
        all,
        [],
        "Unlimited",
        "Unlimited",
      ],
      [
        "WIN-CTD3L0RGEN4\\Client Proxy WIN-CTD3L0RGEN4",
        "HubTransport",
        ["[::]:465", "0.0.0.0:465"],
        ["ExchangeUsers", "ExchangeServers"],
        all,
        [],
        5,
        20,
      ],
      [
        "WIN-CTD3L0RGEN4\\Default Frontend WIN-CTD3L0RGEN4",
        "FrontendTransport",
        ["[::]:25", "0.0.0.0:25"],
        ["AnonymousUsers", "ExchangeServers", "ExchangeLegacyServers"],
        all,
        ["fabrikam.com:AcceptCloudServicesMail"],
        "Unlimited",
        20,
      ],
      [
        "WIN-CTD3L0RGEN4\\Outbound Proxy Frontend WIN-CTD3L0RGEN4",
        "FrontendTransport",
        ["[::]:717", "0.0.0.0:717"],
        ["ExchangeServers"],
        all,
        [],
        "Unlimited",
        20,
      ],
      [
        "WIN-CTD3L0RGEN4\\Client Frontend WIN-CTD3L0RGEN4",
        "FrontendTransport",
        ["[::]:587", "0.0.0.0:587"],
        ["ExchangeUsers"],
        all.slice(0, 4),
        [],
        5,
        20,
      ],
    ]);
    for (const c of config.receiveConnectors) {
      expect(c.RemoteIPRanges).toEqual(["::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0.0.0.0-255.255.255.255"]);
      expect(c.MaxMessageSize).toBe(37_748_736);
      expect(c.Fqdn).toBe("WIN-CTD3L0RGEN4.exlab.dom");
      expect(c.Server).toBe("WIN-CTD3L0RGEN4");
      expect(c.Enabled).toBe(true);
    }
    expect(config.receiveConnectors[2]).toMatchObject({
      TlsCertificateName: "<I>CN=WIN-CTD3L0RGEN4<S>CN=WIN-CTD3L0RGEN4",
      DomainSecureEnabled: true,
      ProtocolLoggingLevel: "Verbose",
    });
  });

  it("GetAcceptedDomain.xml: one authoritative domain, a wildcard, and *.com as InternalRelay", () => {
    expect(
      config.acceptedDomains.map((d) => [d.Name, d.DomainName, d.DomainType, d.Default, d.AddressBookEnabled]),
    ).toEqual([
      ["Solo.com", "Solo.com", "Authoritative", true, true],
      ["Contoso Wild", "*.contoso.local", "Authoritative", false, true],
      ["Wild .com", "*.com", "InternalRelay", false, false],
    ]);
  });

  it("GetHybridConfiguration.xml", () => {
    const { source: _, ...h } = config.hybridConfiguration[0]!;
    expect(h).toEqual({
      Name: "Hybrid Configuration",
      OnPremisesSmartHost: "mail.contoso.com",
      Domains: ["contoso.com"],
      Features: [
        "FreeBusy",
        "MoveMailbox",
        "Mailtips",
        "MessageTracking",
        "OwaRedirection",
        "OnlineArchive",
        "SecureMail",
        "Photos",
      ],
      SendingTransportServers: ["ex-02"],
      ReceivingTransportServers: ["ex-02"],
      EdgeTransportServers: [],
      TlsCertificateName:
        "<I>CN=GeoTrust TLS RSA CA G1, OU=www.digicert.com, O=DigiCert Inc, C=US<S>CN=mail.contoso.com",
      ExternalIPAddresses: [],
    });
  });

  it("GetExchangeCertificate.xml: subject, issuer, dates and names read from the DER, agreeing with ToString", async () => {
    const rows = config.exchangeCertificates.map((c) => [
      c.Thumbprint,
      c.Subject,
      c.SerialNumber,
      c.NotAfter,
      c.IsSelfSigned,
      c.PublicKeySize,
    ]);
    expect(rows).toEqual([
      [
        "C3EDCF181EF4F9B53D01768ECA99564014BCA6E7",
        "CN=Microsoft Exchange Server Auth Certificate",
        "22AEC57F54869DBD4B2AC9FA4C14AB89",
        "2024-11-06T22:47:32.000Z",
        true,
        2048,
      ],
      [
        "6C7DE09FB39A40144F57EFEBC3DF0148E3A9AB28",
        "CN=Solo-E19A",
        "68268364D0BA7EA143BF5086A5A9FB38",
        "2024-12-03T22:45:58.000Z",
        true,
        2048,
      ],
      [
        "38247AD2B76244411748274C508D13446311830B",
        "CN=WMSvc-WIN-K300A9DA9VA",
        "5B17779CD30310A94F59341C0B7D91B6",
        "2029-11-30T20:53:13.000Z",
        true,
        2048,
      ],
    ]);
    expect(config.exchangeCertificates[1]?.CertificateDomains).toEqual(["Solo-E19A", "Solo-E19A.Solo.com"]);
    // The culture-formatted ToString of the capture names the same thumbprints and serial numbers.
    const xml = await readFile(`${DIR}GetExchangeCertificate.xml`, "utf8");
    for (const [thumbprint, , serial] of rows) {
      expect(xml).toContain(`_x000A_  ${thumbprint}_x000D_`);
      expect(xml).toContain(`_x000A_  ${serial}_x000D_`);
    }
  });

  it("GetOrganizationConfig.xml: the on-premises organisation", () => {
    expect(config.organizationConfig).toHaveLength(1);
    expect(config.organizationConfig[0]).toMatchObject({
      Name: "SoloORG",
      Identity: "SoloORG",
      DisplayName: "",
      IsDehydrated: false,
      ExchangeVersion: "2.0 (15.0.0.0)",
    });
    expect(config.organizationConfig[0]?.RejectDirectSend).toBeUndefined();
  });

  it("read the same from a map of names to bytes, whatever the files are called", async () => {
    const names = ["GetSendConnector.xml", "GetReceiveConnector.xml", "GetAcceptedDomain.xml"];
    const files: Record<string, Uint8Array> = {};
    for (const [i, n] of names.entries()) files[`export-${i}.dat`] = await readFile(`${DIR}${n}`);
    const other = await readExchangeConfig(files);
    expect(other.problems).toEqual([]);
    const strip = <T extends { source: unknown }>(list: T[]) => list.map(({ source: _, ...rest }) => rest);
    expect(strip(other.sendConnectors)).toEqual(strip(config.sendConnectors));
    expect(strip(other.receiveConnectors)).toEqual(strip(config.receiveConnectors));
    expect(strip(other.acceptedDomains)).toEqual(strip(config.acceptedDomains));
  });
});
