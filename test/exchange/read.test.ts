import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cmdletFromFileName, parseExchangeExports, readExchangeConfig } from "../../src/exchange/index.ts";

const objs = (body: string) =>
  `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">${body}</Objs>`;
const SEND = "Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig";

describe("recognising the cmdlet", () => {
  it.each([
    ["GetSendConnector.xml", "Get-SendConnector"],
    ["send-connectors.json", "Get-SendConnector"],
    ["exo/Get-OutboundConnector.xml", "Get-OutboundConnector"],
    ["exo-outbound-spam.json", "Get-HostedOutboundSpamFilterPolicy"],
    ["dkim.json", "Get-DkimSigningConfig"],
    ["relay-permissions.xml", "Get-ADPermission"],
    ["notes.txt", undefined],
  ])("from the file name %s", (file, cmdlet) => {
    expect(cmdletFromFileName(file)?.cmdlet).toBe(cmdlet);
  });

  it("from the content whatever the name, with a warning when the name says otherwise", () => {
    const config = parseExchangeExports({ "GetAcceptedDomain.json": '[{"Name":"x","AddressSpaces":["SMTP:*;1"]}]' });
    expect(config.sendConnectors.map((c) => c.Name)).toEqual(["x"]);
    expect(config.problems).toEqual([
      {
        severity: "warning",
        file: "GetAcceptedDomain.json",
        cmdlet: "Get-AcceptedDomain",
        message:
          "GetAcceptedDomain.json: the file name suggests Get-AcceptedDomain, but it holds Get-SendConnector output, read as such",
      },
    ]);
  });

  it("reads ConvertTo-Json's nested objects of the Exchange Management Shell", () => {
    const config = parseExchangeExports({
      "rc.json": JSON.stringify({
        Name: "Relay",
        Bindings: [
          { Address: { Address: 0, AddressFamily: 2, IPAddressToString: "0.0.0.0" }, Port: 25 },
          { Address: "::", Port: 25 },
        ],
        RemoteIPRanges: [
          { LowerBound: "192.0.2.0", UpperBound: "192.0.2.255", RangeFormat: 2, Expression: "192.0.2.0/24" },
        ],
        TlsCertificateName: { CertificateIssuer: "CN=CA", CertificateSubject: "CN=mail", SubjectCommonName: "mail" },
        Fqdn: { Domain: "mail.contoso.example" },
      }),
    });
    expect(config.problems).toEqual([]);
    expect(config.receiveConnectors[0]).toMatchObject({
      Bindings: ["0.0.0.0:25", "[::]:25"],
      RemoteIPRanges: ["192.0.2.0/24"],
      TlsCertificateName: "<I>CN=CA<S>CN=mail",
      Fqdn: "mail.contoso.example",
    });
  });

  it("by type name before properties", () => {
    const xml = objs(
      `<Obj RefId="0"><TN RefId="0"><T>Deserialized.${SEND}</T></TN><Props><S N="Name">only a name</S></Props></Obj>`,
    );
    expect(parseExchangeExports({ "x.xml": xml }).sendConnectors.map((c) => c.Name)).toEqual(["only a name"]);
  });
});

describe("problems", () => {
  it("a property that does not parse names the file, the object and the property; the rest is read", () => {
    const config = parseExchangeExports({
      "send.json":
        '[{"Name":"Internet","AddressSpaces":["SMTP:*;1"],"Port":"twenty-five","RequireTLS":true},{"Name":"Other","AddressSpaces":[]}]',
    });
    expect(config.sendConnectors.map((c) => [c.Name, c.Port, c.RequireTLS])).toEqual([
      ["Internet", undefined, true],
      ["Other", undefined, undefined],
    ]);
    expect(config.problems).toEqual([
      {
        severity: "error",
        file: "send.json",
        object: "Internet",
        property: "Port",
        cmdlet: "Get-SendConnector",
        message:
          'send.json: Get-SendConnector object "Internet", property Port: expected an integer, found "twenty-five"; the property is left out',
      },
    ]);
  });

  it("an enum number with no known name is a problem, not a guess", () => {
    const config = parseExchangeExports({
      "rc.json": '{"Name":"R","Bindings":[],"RemoteIPRanges":[],"PermissionGroups":65}',
    });
    expect(config.receiveConnectors[0]?.PermissionGroups).toBeUndefined();
    expect(config.problems[0]?.message).toMatch(
      /PermissionGroups: the flags value 65 has bits with no known name \(64\)/,
    );
  });

  it.each([
    ["an XML file that is not CLIXML", "report.xml", "<feedback/>", /report.xml is XML but not Export-Clixml output/],
    [
      "a JSON file of unknown objects, named for a cmdlet",
      "GetSendConnector.json",
      '[{"foo":1}]',
      /GetSendConnector.json is not a known Exchange export: expected Get-SendConnector output \(from the file name\); found an object with properties foo/,
    ],
    [
      "a JSON file of unknown objects",
      "export.json",
      '{"foo":1}',
      /export.json is not a known Exchange export: expected the output of one of Get-DkimSigningConfig, .*Get-OrganizationConfig; found/,
    ],
    [
      "Format-List output",
      "GetSendConnector.txt",
      "Name       : Internet\r\nSmartHosts : {relay.contoso.com}\r\nPort       : 25\r\n",
      /GetSendConnector.txt is PowerShell's formatted text \(Format-List.*\), which cannot be read reliably: expected Get-SendConnector output \(from the file name\), written by Export-Clixml or ConvertTo-Json/,
    ],
    [
      "binary data",
      "send.xml",
      new Uint8Array([0x3c, 0x00, 0x01, 0x02, 0x03, 0xff]),
      /send.xml (looks like binary data|is not valid)/,
    ],
    ["truncated CLIXML", "send.xml", objs("<Obj RefId='0'><Props>").slice(0, -7), /send.xml is not well-formed XML/],
  ])("%s is an error saying what was expected", (_, file, content, message) => {
    const config = parseExchangeExports({ [file]: content });
    expect(config.problems.filter((p) => p.severity === "error").map((p) => p.message)).toEqual([
      expect.stringMatching(message),
    ]);
  });

  it("other text files are skipped with a warning; empty exports too", () => {
    const config = parseExchangeExports({
      README: "Exported on Monday.",
      "GetDkimSigningConfig.json": "[]",
      "empty.xml": "",
    });
    expect(config.problems.map((p) => [p.file, p.severity])).toEqual([
      ["GetDkimSigningConfig.json", "warning"],
      ["README", "warning"],
      ["empty.xml", "warning"],
    ]);
    // An empty export still says what was exported.
    expect(config.files.find((f) => f.file === "GetDkimSigningConfig.json")?.cmdlets).toEqual([
      "Get-DkimSigningConfig",
    ]);
  });

  it("unknown objects among known ones are skipped with a warning", () => {
    const config = parseExchangeExports({
      "mixed.json": '[{"DomainName":"a.example","DomainType":"Authoritative"},{"Foo":1}]',
    });
    expect(config.acceptedDomains).toHaveLength(1);
    expect(config.problems.map((p) => [p.severity, p.object])).toEqual([["warning", "#2"]]);
  });

  it("bounds the file size, the number of files and the total size", () => {
    const big = parseExchangeExports({ "a.json": "[".padEnd(2000, " ") + "]" }, { maxFileBytes: 1000 });
    expect(big.problems[0]?.message).toBe("a.json is 2001 bytes, more than the 1000 read; it is skipped");
    const many = parseExchangeExports({ "a.json": "[]", "b.json": "[]", "c.json": "[]" }, { maxFiles: 2 });
    expect(many.files.map((f) => f.file)).toEqual(["a.json", "b.json"]);
    expect(many.problems.at(-1)?.message).toMatch(/3 files were given; only the first 2 were read/);
    const total = parseExchangeExports({ "a.json": "[1]", "b.json": "[2]" }, { maxTotalBytes: 5 });
    expect(total.files.map((f) => f.file)).toEqual(["a.json"]);
  });
});

describe("readExchangeConfig on a folder", () => {
  it("reads files in sub-folders, skips hidden ones, and takes the environment from folder names", async () => {
    const dir = await mkdtemp(join(tmpdir(), "exchange-"));
    await mkdir(join(dir, "exo"));
    await mkdir(join(dir, ".git"));
    const domains = '[{"DomainName":"contoso.example","DomainType":"Authoritative"}]';
    await writeFile(join(dir, "exo", "domains.json"), domains);
    await writeFile(join(dir, "domains.json"), domains);
    await writeFile(join(dir, ".git", "config"), "not an export");
    const onlineOnly = await readExchangeConfig(dir);
    expect(onlineOnly.problems).toEqual([]);
    // Only Exchange Online exports: the file that does not say is taken as Exchange Online too.
    expect(onlineOnly.acceptedDomains.map((d) => [d.source.file, d.source.environment])).toEqual([
      ["domains.json", "online"],
      ["exo/domains.json", "online"],
    ]);
    await writeFile(join(dir, "send.json"), '[{"Name":"Internet","AddressSpaces":["SMTP:*;1"]}]');
    const both = await readExchangeConfig(dir);
    expect(both.acceptedDomains.map((d) => [d.source.file, d.source.environment])).toEqual([
      ["domains.json", "unknown"],
      ["exo/domains.json", "online"],
    ]);
  });

  it("reports a folder that cannot be read, or holds nothing, as a problem", async () => {
    const missing = await readExchangeConfig(join(tmpdir(), "no-such-folder-exchange"));
    expect(missing.problems[0]?.message).toMatch(/cannot read the folder .*ENOENT/);
    const empty = await readExchangeConfig(await mkdtemp(join(tmpdir(), "exchange-empty-")));
    expect(empty.problems[0]?.message).toMatch(/holds no files/);
  });

  it("skips a file larger than the limit before reading it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "exchange-big-"));
    await writeFile(join(dir, "big.json"), "[]".padEnd(5000, " "));
    const config = await readExchangeConfig(dir, { maxFileBytes: 100 });
    expect(config.files).toEqual([]);
    expect(config.problems[0]?.message).toBe("big.json is 5000 bytes, more than the 100 read; it is skipped");
  });
});
