/** The second bundled example (fixtures/examples/fabrikam-exchange) is what `fabrikam/generate.ts` writes, and reads cleanly. */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { readExchangeConfig } from "../../src/exchange/index.ts";
import { FABRIKAM_DIR, fabrikamFiles } from "./fabrikam/generate.ts";

describe("the Fabrikam example", () => {
  it("is what generate.ts writes from the source", async () => {
    const expected = fabrikamFiles();
    const found = (await readdir(FABRIKAM_DIR, { withFileTypes: true, recursive: true }))
      .filter((e) => e.isFile())
      .map((e) => relative(FABRIKAM_DIR, join(e.parentPath, e.name)))
      .sort();
    expect(found).toEqual(Object.keys(expected).sort());
    for (const [path, bytes] of Object.entries(expected))
      expect(Buffer.compare(await readFile(join(FABRIKAM_DIR, path)), Buffer.from(bytes)), path).toBe(0);
  });

  it("reads without problems, as Exchange Server exports in UTF-8 with a byte-order mark", async () => {
    const config = await readExchangeConfig(join(FABRIKAM_DIR, "exports"));
    expect(config.problems).toEqual([]);
    expect(config.files.map((f) => [f.file, f.encoding, f.bom, f.environment])).toEqual(
      [
        "GetADPermission.xml",
        "GetAcceptedDomain.xml",
        "GetOrganizationConfig.xml",
        "GetReceiveConnector.xml",
        "GetRemoteDomain.xml",
        "GetSendConnector.xml",
      ].map((f) => [f, "utf-8", true, "on-premises"]),
    );
  });
});
