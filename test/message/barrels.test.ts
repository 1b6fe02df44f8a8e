/**
 * The protocol barrels (the future subpaths `email-auth-audit/spf`, `/dkim`, `/dmarc`, `/message`):
 * each names its exports once, without `as` renames, and no two barrels export the same name, so
 * that any of them can be re-exported whole from the root without a clash.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as dkim from "../../src/dkim/index.ts";
import * as dmarc from "../../src/dmarc/index.ts";
import * as message from "../../src/message/index.ts";
import * as spf from "../../src/spf/index.ts";

const BARRELS = { spf, dkim, dmarc, message };

/** Every name a barrel exports (values and types), read from its source. */
function exportedNames(area: string): { names: string[]; renamed: string[] } {
  const source = readFileSync(new URL(`../../src/${area}/index.ts`, import.meta.url), "utf8");
  const names: string[] = [];
  const renamed: string[] = [];
  for (const [, list] of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const raw of (list ?? "").split(",")) {
      const item = raw
        .replace(/\/\/.*$/gm, "")
        .trim()
        .replace(/^type\s+/, "");
      if (item === "") continue;
      if (/\sas\s/.test(item)) renamed.push(item);
      names.push(item.split(/\s+/)[0] ?? item);
    }
  }
  expect(source).not.toMatch(/export\s+\*/);
  return { names, renamed };
}

describe("protocol barrels", () => {
  it.each(Object.keys(BARRELS))("src/%s/index.ts names each export once, without `as`", (area) => {
    const { names, renamed } = exportedNames(area);
    expect(renamed).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    // Every value export is there at run time (types are checked by tsc).
    const runtime = Object.keys(BARRELS[area as keyof typeof BARRELS]);
    for (const name of runtime) expect(names).toContain(name);
  });

  it("no two barrels export the same name", () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const area of Object.keys(BARRELS)) {
      for (const name of exportedNames(area).names) {
        const other = seen.get(name);
        if (other !== undefined) clashes.push(`${name}: ${other} and ${area}`);
        seen.set(name, area);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("results are plain JSON: a check, an analysis, a key lookup and a verification survive JSON", async () => {
    const { FixtureResolver } = await import("../../src/dns/fixture/resolver.ts");
    const resolver = new FixtureResolver({
      version: 1,
      records: {
        "example.org": { TXT: ["v=spf1 ip6:2001:db8::/32 a -all"], AAAA: ["2001:db8::5"] },
        "_dmarc.example.org": { TXT: ["v=DMARC1; p=reject"] },
        "s._domainkey.example.org": { TXT: ["v=DKIM1; p="] },
      },
    });
    const results = await Promise.all([
      spf.checkHost({ ip: "2001:db8::7", sender: "a@example.org" }, { resolver }),
      spf.analyzeSpf("example.org", { resolver }),
      dkim.lookupDkimKey("s", "example.org", { resolver }),
      dmarc.evaluateDmarc({ fromDomain: "example.org" }, { resolver }),
      message.verifyMessage("From: a@example.org\r\n\r\nhi", { resolver }),
    ]);
    for (const r of results) expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
