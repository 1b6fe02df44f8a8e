/**
 * The public API: the root's runtime names are exactly the checked-in list (an accidental export
 * fails here: update test/package/root-exports.json and docs/api.md on purpose); the package.json
 * subpaths are the documented ones; no name is exported by two subpaths, and the root shares only
 * the resolvers with `/dns`; every runtime name of every entry point is listed in docs/api.md under
 * its entry point.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SUBPATHS } from "./entry-points.ts";

const root = join(import.meta.dirname, "../..");
const load = (entry: string) => import(join(root, "src", entry === "" ? "index.ts" : `${entry}/index.ts`));
const names = async (entry: string) => Object.keys(await load(entry)).sort();

/** Names the root re-exports from `/dns` so that a service needs one import for the common case. */
const ROOT_FROM_DNS = [
  "CachingResolver",
  "DnsResolver",
  "DohResolver",
  "FixtureError",
  "FixtureResolver",
  "OverlayResolver",
  "QueryBudgetResolver",
  "RecordingResolver",
  "resolveSafely",
];

/** The sections of docs/api.md: `## \`email-auth-audit/x\`` → the text up to the next heading. */
function apiSections(): Map<string, string> {
  const doc = readFileSync(join(root, "docs/api.md"), "utf8");
  const out = new Map<string, string>();
  for (const part of doc.split(/^## /m).slice(1)) {
    const heading = /^`(email-auth-audit[^`]*)`/.exec(part)?.[1];
    if (heading !== undefined) out.set(heading, part);
  }
  return out;
}

describe("the public API", () => {
  it("the root exports exactly the checked-in runtime names, at most about 60", async () => {
    const expected = JSON.parse(readFileSync(join(import.meta.dirname, "root-exports.json"), "utf8")) as string[];
    const actual = await names("");
    expect(actual).toEqual([...expected].sort());
    expect(actual.length).toBeLessThanOrEqual(60);
  });

  it("package.json exports the root, the documented subpaths, the schemas and itself", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, unknown> };
    expect(Object.keys(pkg.exports).sort()).toEqual(
      [".", ...SUBPATHS.map((s) => `./${s}`), "./schema/*", "./package.json"].sort(),
    );
    for (const s of SUBPATHS)
      expect(pkg.exports[`./${s}`]).toEqual({ types: `./dist/${s}/index.d.ts`, default: `./dist/${s}/index.js` });
  });

  it("no runtime name is exported by two subpaths; the root shares only the resolvers with /dns and checkDomains with /bulk", async () => {
    const seen = new Map<string, string>();
    for (const s of SUBPATHS) {
      for (const name of await names(s)) {
        expect(seen.get(name), `${name} in both ${seen.get(name)} and ${s}`).toBeUndefined();
        seen.set(name, s);
      }
    }
    const shared = (await names("")).filter((n) => seen.has(n));
    expect(shared.sort()).toEqual([...ROOT_FROM_DNS, "checkDomains"].sort());
    for (const n of shared) expect(seen.get(n)).toBe(n === "checkDomains" ? "bulk" : "dns");
  });

  it("docs/api.md lists every runtime name under its entry point", async () => {
    const sections = apiSections();
    for (const entry of ["", ...SUBPATHS]) {
      const heading = entry === "" ? "email-auth-audit" : `email-auth-audit/${entry}`;
      const text = sections.get(heading);
      expect(text, `docs/api.md has no section ${heading}`).toBeDefined();
      const missing = (await names(entry)).filter((n) => !new RegExp(`\`${n}\``).test(text ?? ""));
      expect(missing, `${heading}: not in docs/api.md`).toEqual([]);
    }
  });

  it("results are plain JSON data: no bigint in what the root and subpaths export as values", async () => {
    for (const entry of ["", ...SUBPATHS]) {
      const mod = (await load(entry)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) expect(typeof value, `${entry}:${name}`).not.toBe("bigint");
    }
  });
});
