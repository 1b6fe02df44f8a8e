import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrg, loadOrgFile, OrgError, validateOrg } from "../../src/org/load.ts";
import { detectFormat } from "../../src/org/parse.ts";
import { createCatalog, providerCatalog } from "../../src/providers/index.ts";
import type { OrgProblem } from "../../src/org/types.ts";
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

/** A valid description changed by `edit`. */
function variant(edit: (org: any) => void): object {
  const org = structuredClone(contractExample) as any;
  edit(org);
  return org;
}

interface Case {
  name: string;
  edit: (org: any) => void;
  problems: Array<Partial<OrgProblem>>;
}

const schemaCases: Case[] = [
  {
    name: "a misspelt field, with a suggestion",
    edit: (o) => {
      o.paths[2].viaa = o.paths[2].via;
      delete o.paths[2].via;
    },
    problems: [
      { path: "$.paths[2].via", message: 'missing required field "via"', expected: "exactly one of smartHost, provider or direct" },
      {
        path: "$.paths[2].viaa",
        message: 'unknown field "viaa" (did you mean "via"?)',
        found: '"viaa"',
        expected: 'one of "id", "description", "from", "via", "mailFrom", "dkim"',
      },
    ],
  },
  {
    name: "an unknown top-level field",
    edit: (o) => {
      o.domain = [];
    },
    problems: [{ path: "$.domain", pointer: "/domain", message: 'unknown field "domain" (did you mean "domains"?)', found: '"domain"' }],
  },
  {
    name: "via naming two ways out",
    edit: (o) => {
      o.paths[0].via = { smartHost: "edge-relay", provider: "exo" };
    },
    problems: [
      {
        path: "$.paths[0].via",
        message: 'names "smartHost", "provider": give only one of them',
        found: '{"smartHost":"edge-relay","provider":"exo"}',
        expected: "exactly one of smartHost, provider or direct",
      },
    ],
  },
  {
    name: "via naming none",
    edit: (o) => {
      o.paths[0].via = {};
    },
    problems: [{ path: "$.paths[0].via", message: "names no way out: give one of smartHost, provider or direct", found: "{}" }],
  },
  {
    name: "direct without IPs",
    edit: (o) => {
      o.paths[0].via = { direct: {} };
    },
    problems: [{ path: "$.paths[0].via.direct.ips", message: 'missing required field "ips"' }],
  },
  {
    name: "a domain name that is not one",
    edit: (o) => {
      o.domains[1].name = "news contoso";
    },
    problems: [
      {
        path: "$.domains[1].name",
        message:
          "must be a domain name in ASCII form such as contoso.example (letters, digits, inner hyphens; two labels or more; no trailing dot)",
        found: '"news contoso"',
      },
    ],
  },
  {
    name: "a bad IP address",
    edit: (o) => {
      o.smartHosts[0].ips[1] = "2001:db8::zz";
    },
    problems: [{ path: "$.smartHosts[0].ips[1]", message: "must be an IPv4 or IPv6 address", found: '"2001:db8::zz"' }],
  },
  {
    name: "a settings name that is not camelCase",
    edit: (o) => {
      o.providers[2].settings["mail-from-domain"] = "x.contoso.example";
    },
    problems: [
      {
        path: '$.providers[2].settings["mail-from-domain"]',
        pointer: "/providers/2/settings/mail-from-domain",
        message: 'setting name "mail-from-domain" is not camelCase',
        expected: "a camelCase name such as returnPathDomain",
      },
    ],
  },
  {
    name: "a setting that is not a string",
    edit: (o) => {
      o.providers[0].settings.tenant = 42;
    },
    problems: [{ path: "$.providers[0].settings.tenant", message: "must be a string", found: "42", expected: "a string" }],
  },
  {
    name: "sends written as a YAML 1.1 boolean",
    edit: (o) => {
      o.domains[2].sends = "no";
    },
    problems: [{ path: "$.domains[2].sends", message: "must be true or false", found: '"no"' }],
  },
  {
    name: "an empty From list",
    edit: (o) => {
      o.paths[1].from = [];
    },
    problems: [{ path: "$.paths[1].from", message: "must not be empty", found: "[]" }],
  },
  {
    name: "a selector with an underscore label",
    edit: (o) => {
      o.paths[0].dkim[0].selector = "_relay";
    },
    problems: [{ path: "$.paths[0].dkim[0].selector", found: '"_relay"' }],
  },
  {
    name: "a catalog id that is not lower-case",
    edit: (o) => {
      o.providers[1].catalog = "SendGrid";
    },
    problems: [{ path: "$.providers[1].catalog", message: "must be a catalog id in lower case with single hyphens, such as amazon-ses" }],
  },
  {
    name: "another version",
    edit: (o) => {
      o.version = 2;
    },
    problems: [{ path: "$.version", message: "unsupported version 2; this reader knows version 1", found: "2", expected: "1" }],
  },
  {
    name: "no version",
    edit: (o) => {
      delete o.version;
    },
    problems: [{ path: "$.version", message: 'missing required field "version"', expected: "the format version: 1" }],
  },
];

const crossCases: Case[] = [
  {
    name: "a path naming an unknown smart host",
    edit: (o) => {
      o.paths[0].via.smartHost = "edge";
    },
    problems: [
      {
        path: "$.paths[0].via.smartHost",
        pointer: "/paths/0/via/smartHost",
        message: 'unknown smart host "edge"',
        found: '"edge"',
        expected: 'one of "edge-relay"',
      },
    ],
  },
  {
    name: "a path naming an unknown provider, with a suggestion",
    edit: (o) => {
      o.paths[2].via.provider = "sgg";
    },
    problems: [{ path: "$.paths[2].via.provider", message: 'unknown provider "sgg" (did you mean "sg"?)', expected: 'one of "exo", "sg", "ses"' }],
  },
  {
    name: "a provider path when no providers are defined",
    edit: (o) => {
      delete o.providers;
      o.paths = [o.paths[0], { id: "p", from: ["contoso.example"], via: { provider: "exo" } }];
    },
    problems: [{ path: "$.paths[1].via.provider", expected: "a provider id, but $.providers defines none" }],
  },
  {
    name: "an unknown catalog entry",
    edit: (o) => {
      o.providers[1].catalog = "sendgird";
    },
    problems: [{ path: "$.providers[1].catalog", message: 'unknown catalog entry "sendgird" (did you mean "sendgrid"?)', found: '"sendgird"' }],
  },
  {
    name: "a setting the catalog entry does not declare",
    edit: (o) => {
      o.providers[0].settings.tennant = "contoso";
    },
    problems: [
      {
        path: "$.providers[0].settings.tennant",
        message: 'setting "tennant" is not declared by catalog entry "microsoft365" (did you mean "tenant"?)',
        found: '"tennant"',
        expected: 'one of "tenant", "cloud"',
      },
    ],
  },
  {
    name: "a missing required setting",
    edit: (o) => {
      delete o.providers[2].settings.region;
    },
    problems: [
      {
        path: "$.providers[2].settings.region",
        message: 'missing required setting "region" for catalog entry "amazon-ses"',
        expected: 'The AWS region of the SES identity. For example "eu-west-1".',
      },
    ],
  },
  {
    name: "a setting outside its values",
    edit: (o) => {
      o.providers[0].settings.cloud = "gcchigh";
    },
    problems: [
      {
        path: "$.providers[0].settings.cloud",
        message: 'setting "cloud" must be one of "commercial", "gcc-high", "dod", "21vianet"',
        found: '"gcchigh"',
      },
    ],
  },
  {
    name: "a setting that does not have its form",
    edit: (o) => {
      o.providers[2].settings.region = "Ireland";
    },
    problems: [{ path: "$.providers[2].settings.region", found: '"Ireland"' }],
  },
  {
    name: "a From domain not listed",
    edit: (o) => {
      o.paths[2].from = ["marketing.contoso.example"];
    },
    problems: [
      {
        path: "$.paths[2].from[0]",
        message: 'From domain "marketing.contoso.example" is not listed in $.domains',
        expected: 'one of "contoso.example", "news.contoso.example", "contoso-old.example"',
      },
    ],
  },
  {
    name: "a From domain that must not send",
    edit: (o) => {
      o.paths[1].from.push("Contoso-Old.example");
    },
    problems: [{ path: "$.paths[1].from[1]", message: 'From domain "Contoso-Old.example" is marked "sends": false at $.domains[2]' }],
  },
  {
    name: "a From domain twice in a path",
    edit: (o) => {
      o.paths[1].from.push("CONTOSO.example");
    },
    problems: [{ path: "$.paths[1].from[1]", message: 'From domain "CONTOSO.example" is listed twice in this path' }],
  },
  {
    name: "duplicate domains (case-insensitive)",
    edit: (o) => {
      o.domains.push({ name: "News.Contoso.example" });
    },
    problems: [{ path: "$.domains[3].name", message: 'duplicate domain "News.Contoso.example" (already at $.domains[1])' }],
  },
  {
    name: "duplicate ids",
    edit: (o) => {
      o.paths[1].id = "onprem-via-relay";
      o.providers.push({ id: "sg", catalog: "mailgun" });
      o.smartHosts.push({ id: "edge-relay", hostname: "relay2.contoso.example" });
    },
    problems: [
      { path: "$.smartHosts[1].id", message: 'duplicate smart host id "edge-relay" (already at $.smartHosts[0])' },
      { path: "$.providers[3].id", message: 'duplicate provider id "sg" (already at $.providers[1])' },
      { path: "$.paths[1].id", message: 'duplicate path id "onprem-via-relay" (already at $.paths[0])' },
    ],
  },
];

describe("invalid descriptions: the JSON Schema", () => {
  it.each(schemaCases)("$name", ({ edit, problems }) => {
    const found = problemsOf(variant(edit));
    expect(found).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(found[i]).toMatchObject(p));
  });
});

describe("invalid descriptions: cross-references", () => {
  it.each(crossCases)("$name", ({ edit, problems }) => {
    const found = problemsOf(variant(edit));
    expect(found).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(found[i]).toMatchObject(p));
  });

  it("every problem has a path, a pointer and a message", () => {
    for (const c of [...schemaCases, ...crossCases]) {
      for (const p of problemsOf(variant(c.edit))) {
        expect(p.path.startsWith("$")).toBe(true);
        expect(p.message.length).toBeGreaterThan(0);
        expect(typeof p.pointer).toBe("string");
      }
    }
  });

  it("accepts catalog entries the user adds, and rejects them without that catalog", () => {
    const own = structuredClone(providerCatalog.entries.find((e) => e.id === "zendesk")) as any;
    own.id = "acme-mailer";
    const org = variant((o) => o.providers.push({ id: "acme", catalog: "acme-mailer" }));
    expect(validateOrg(org, { catalog: createCatalog([own]) })).toEqual([]);
    expect(validateOrg(org)).toMatchObject([{ path: "$.providers[3].catalog", message: 'unknown catalog entry "acme-mailer"' }]);
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
      message: "invalid JSON: duplicate key in an object",
      line: 2,
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
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]`);
    const problems = problemsOf(lines.join("\n") + "\n");
    expect(problems[0]?.message).toMatch(/^invalid YAML: /);
  });

  it("rejects what is not an object, and multiple YAML documents", () => {
    expect(problemsOf("[]")).toMatchObject([{ path: "$", message: "the organisation description must be an object (a map of fields)" }]);
    expect(problemsOf("")).toMatchObject([{ path: "$", found: "null" }]);
    expect(problemsOf("version: 1\n---\nversion: 1\n")[0]?.message).toMatch(/^invalid YAML: /);
  });

  it("names the source file in the error message", async () => {
    const dir = await mkdtemp(join(tmpdir(), "org-"));
    const file = join(dir, "org.yaml");
    await writeFile(file, "version: 1\ndomains: []\npaths: []\n");
    await expect(loadOrgFile(file)).rejects.toThrow(`organisation description ${file} is invalid:\n  - $.domains: must not be empty`);
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

  it("mutations of a valid description give located problems, never a crash", async () => {
    const fc = (await import("fast-check")).default;
    const paths = ["domains", "smartHosts", "providers", "paths"] as const;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.nat(5), fc.string(), fc.jsonValue(), (list, index, key, value) => {
        const org = structuredClone(contractExample) as any;
        const items = org[list] as any[];
        const item = items[index % items.length];
        item[key] = value;
        for (const p of validateOrg(org)) {
          // Located under the description (a changed domain can also break the paths naming it).
          expect(p.pointer === "" || /^\/(domains|smartHosts|providers|paths|version)(\/|$)/.test(p.pointer)).toBe(true);
          expect(p.message.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
