import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrg, loadOrgFile, OrgError, validateOrg } from "../../src/org/load.ts";
import { detectFormat } from "../../src/org/parse.ts";
import type { OrgProblem } from "../../src/org/types.ts";
import type { LooseJson } from "../helpers/loose-json.ts";
import { contractExample } from "./contract-example.ts";

const fixture = (name: string) => readFile(new URL(`../../fixtures/org/${name}`, import.meta.url), "utf8");

/** Throws when loading fails; returns the problems. */
function problemsOf(input: string | object, options: Parameters<typeof loadOrg>[1] = {}): OrgProblem[] {
  try {
    loadOrg(input, options);
  } catch (e) {
    if (e instanceof OrgError) return [...e.problems];
    throw e;
  }
  throw new Error("expected the description to be invalid");
}

describe("the contract's example", () => {
  it("loads from JSON and equals the typed literal", async () => {
    expect(loadOrg(await fixture("contoso.json"))).toEqual(contractExample);
  });

  it("loads from YAML into the same description", async () => {
    expect(loadOrg(await fixture("contoso.yaml"))).toEqual(contractExample);
    expect(loadOrg(await fixture("contoso.yaml"), { format: "yaml" })).toEqual(contractExample);
  });

  it("loads from an object, returning a copy", () => {
    const loaded = loadOrg(contractExample);
    expect(loaded).toEqual(contractExample);
    expect(loaded).not.toBe(contractExample);
  });

  it("loads from files, the format taken from the extension", async () => {
    const url = new URL("../../fixtures/org/contoso.yaml", import.meta.url);
    expect(await loadOrgFile(url.pathname)).toEqual(contractExample);
    const dir = await mkdtemp(join(tmpdir(), "org-"));
    await writeFile(join(dir, "org.txt"), await fixture("contoso.json"));
    expect(await loadOrgFile(join(dir, "org.txt"))).toEqual(contractExample);
  });

  it("has no problems", () => {
    expect(validateOrg(contractExample)).toEqual([]);
  });
});

describe("input text", () => {
  it("detects the format from the first character", () => {
    expect(detectFormat('  {"version": 1}')).toBe("json");
    expect(detectFormat("\ufeff[1]")).toBe("json");
    expect(detectFormat("version: 1")).toBe("yaml");
  });

  it("reports YAML syntax errors with line and column", () => {
    const problems = problemsOf("version: 1\ndomains:\n  - name: a.example\n   bad: [\n");
    expect(problems[0]).toMatchObject({ path: "$", line: 4 });
    expect(problems[0]?.message).toMatch(/^invalid YAML: /);
  });

  it("reports duplicate keys in YAML and in JSON", () => {
    expect(problemsOf("version: 1\nversion: 1\ndomains: []\npaths: []\n")[0]).toMatchObject({ line: 2, column: 1 });
    expect(problemsOf('{"version": 1,\n "version": 1, "domains": [], "paths": []}')[0]).toMatchObject({
      message: 'invalid JSON: duplicate key "version" in an object',
      line: 2,
      column: 2,
    });
  });

  it("reports JSON syntax errors with a line", () => {
    const problems = problemsOf('{\n  "version": 1,\n  "domains": [}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^invalid JSON: /);
    expect(problems[0]?.line).toBe(3);
  });

  it("keeps YAML 1.2 scalars as written (no YAML 1.1 booleans)", () => {
    const problems = problemsOf("version: 1\ndomains:\n  - name: a.example\n    sends: no\npaths: []\n");
    expect(problems).toMatchObject([{ path: "$.domains[0].sends", found: '"no"' }]);
  });

  it("rejects alias bombs instead of expanding them", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    const problems = problemsOf(lines.join("\n") + "\n");
    expect(problems[0]?.message).toMatch(/^invalid YAML: /);
  });

  it("rejects what is not an object, and multiple YAML documents", () => {
    expect(problemsOf("[]")).toMatchObject([
      { path: "$", message: "the organisation description must be an object (a map of fields)" },
    ]);
    expect(problemsOf("")).toMatchObject([{ path: "$", found: "null" }]);
    expect(problemsOf("version: 1\n---\nversion: 1\n")[0]?.message).toMatch(/^invalid YAML: /);
  });

  it("names the source file in the error message", async () => {
    const dir = await mkdtemp(join(tmpdir(), "org-"));
    const file = join(dir, "org.yaml");
    await writeFile(file, "version: 1\ndomains: []\npaths: []\n");
    await expect(loadOrgFile(file)).rejects.toThrow(
      `organisation description ${file} is invalid:\n  - $.domains: must not be empty`,
    );
    await expect(loadOrgFile(join(dir, "missing.yaml"))).rejects.toBeInstanceOf(OrgError);
  });
});

describe("hostile input", () => {
  it("validateOrg never throws and never passes what the schema rejects", async () => {
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const problems = validateOrg(value);
        expect(Array.isArray(problems)).toBe(true);
        // Random JSON is almost never a description; when it has no problems it must load.
        if (problems.length === 0) expect(loadOrg(value as object)).toEqual(value);
      }),
    );
  });

  it("loadOrg on any text throws only OrgError", async () => {
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: "binary" })), (text) => {
        try {
          loadOrg(text);
        } catch (e) {
          expect(e).toBeInstanceOf(OrgError);
          for (const p of (e as OrgError).problems) expect(p.path.startsWith("$")).toBe(true);
        }
      }),
    );
  });

  it("deeply nested input is a problem, not a crash", () => {
    for (const text of [
      "[".repeat(200_000),
      "a: ".repeat(50_000) + "x",
      `{"version": 1, "domains": ${"[".repeat(200_000)}`,
    ]) {
      expect(() => loadOrg(text)).toThrow(OrgError);
    }
  });

  it("mutations of a valid description give located problems, never a crash", async () => {
    const fc = (await import("fast-check")).default;
    const paths = ["domains", "smartHosts", "providers", "paths"] as const;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.nat(5), fc.string(), fc.jsonValue(), (list, index, key, value) => {
        const org = structuredClone(contractExample) as LooseJson;
        const items = org[list] as LooseJson[];
        const item = items[index % items.length];
        item[key] = value;
        for (const p of validateOrg(org)) {
          // Located under the description (a changed domain can also break the paths naming it).
          expect(p.pointer === "" || /^\/(domains|smartHosts|providers|paths|version)(\/|$)/.test(p.pointer)).toBe(
            true,
          );
          expect(p.message.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
