import { describe, expect, it } from "vitest";
import type { AdPermission, ReceiveConnector } from "../../src/exchange/index.ts";
import { emptyExchangeConfig } from "../../src/exchange/index.ts";
import { isDefaultReceiveConnector, matchReceiveConnector, relayGrants } from "../../src/exchange/relay.ts";

const source = (index: number, cmdlet: "Get-ReceiveConnector" | "Get-ADPermission") => ({
  file: "x",
  index,
  format: "json" as const,
  cmdlet,
  environment: "on-premises" as const,
});
const connector = (index: number, props: Partial<ReceiveConnector>): ReceiveConnector => ({
  source: source(index, "Get-ReceiveConnector"),
  ...props,
});
const ace = (index: number, props: Partial<AdPermission>): AdPermission => ({
  source: source(index, "Get-ADPermission"),
  ...props,
});

const relay1 = connector(0, {
  Name: "Relay",
  Identity: "EX01\\Relay",
  Server: "EX01",
  DistinguishedName: "CN=Relay,CN=SMTP Receive Connectors,CN=Protocols,CN=EX01,CN=Servers,DC=contoso,DC=example",
});
const relay2 = connector(1, { Name: "Relay", Identity: "EX02\\Relay", Server: "EX02" });
const unique = connector(2, { Name: "Apps, printers", Identity: "EX02\\Apps, printers", Server: "EX02" });

describe("matchReceiveConnector", () => {
  it.each([
    ["EX01\\Relay", relay1],
    ["ex02\\relay", relay2],
    ["CN=Relay,CN=SMTP Receive Connectors,CN=Protocols,CN=EX01,CN=Servers,DC=contoso,DC=example", relay1],
    ["CN=Relay,CN=SMTP Receive Connectors,CN=Protocols,CN=EX02,CN=Servers,DC=other", relay2],
    ["CN=Apps\\, printers,CN=SMTP Receive Connectors,CN=Protocols,CN=EX02,CN=Servers,DC=x", unique],
    ["Apps, printers", unique],
  ])("matches %j", (identity, expected) => {
    expect(matchReceiveConnector(identity, [relay1, relay2, unique])).toEqual({ connector: expected });
  });

  it.each([
    ["Relay", "ambiguous", 2],
    ["EX03\\Relay", "none", 0],
    ["", "none", 0],
  ])("does not guess for %j (%s)", (identity, reason, candidates) => {
    const m = matchReceiveConnector(identity, [relay1, relay2, unique]);
    expect(m.connector).toBeUndefined();
    expect(m).toMatchObject({ reason });
    if (m.connector === undefined) expect(m.candidates.length).toBe(candidates);
  });
});

describe("isDefaultReceiveConnector", () => {
  it.each([
    [{ Name: "Default Frontend EX01", Server: "EX01" }, true],
    [{ Name: "Default EX01", Server: "EX01" }, true],
    [{ Name: "Client Proxy EX01", Identity: "EX01\\Client Proxy EX01" }, true],
    [{ Name: "Default internal receive connector EDGE1", Server: "EDGE1" }, true],
    [{ Name: "Default Frontend EX01" }, true],
    [{ Name: "Default relay for apps", Server: "EX01" }, false],
    [{ Name: "Default relay for apps" }, false],
    [{ Name: "Anonymous Relay", Server: "EX01" }, false],
  ])("%j → %s", (props, expected) => {
    expect(isDefaultReceiveConnector(connector(0, props))).toBe(expected);
  });
});

describe("relayGrants", () => {
  it("finds anonymous and externally secured relay, honours deny entries, and keeps what matches no connector", () => {
    const config = emptyExchangeConfig();
    const secured = connector(3, {
      Identity: "EX01\\Partner",
      AuthMechanism: ["Tls", "ExternalAuthoritative"],
      PermissionGroups: ["ExchangeServers"],
    });
    config.receiveConnectors.push(relay1, relay2, unique, secured);
    const right = ["ms-Exch-SMTP-Accept-Any-Recipient"];
    const stray = ace(3, { Identity: "EX09\\Gone", User: "NT AUTHORITY\\ANONYMOUS LOGON", ExtendedRights: right });
    config.adPermissions.push(
      ace(0, { Identity: "EX01\\Relay", User: "NT AUTHORITY\\ANONYMOUS LOGON", ExtendedRights: right }),
      ace(1, { Identity: "EX02\\Relay", User: "NT AUTHORITY\\ANONYMOUS LOGON", ExtendedRights: right }),
      ace(2, { Identity: "EX02\\Relay", User: "NT AUTHORITY\\ANONYMOUS LOGON", ExtendedRights: right, Deny: true }),
      stray,
      ace(4, {
        Identity: "EX02\\Apps, printers",
        User: "NT AUTHORITY\\ANONYMOUS LOGON",
        ExtendedRights: ["ms-Exch-SMTP-Submit"],
      }),
    );
    const { grants, unmatched } = relayGrants(config);
    expect(grants.map((g) => [g.connector.Identity, g.kind, g.permissions.length])).toEqual([
      ["EX01\\Relay", "anonymous", 1],
      ["EX01\\Partner", "externally-secured", 0],
    ]);
    expect(unmatched).toEqual([stray]);
  });
});
