import { describe, expect, it } from "vitest";
import { loadOrg, OrgError, validateOrg } from "../../src/org/load.ts";
import type { OrgProblem } from "../../src/org/types.ts";
import { createCatalog, providerCatalog } from "../../src/providers/registry.ts";
import type { LooseJson } from "../helpers/loose-json.ts";
import { contractExample } from "./contract-example.ts";

/** Loads a description that must be invalid; returns its problems. */
function problemsOf(input: object): OrgProblem[] {
  try {
    loadOrg(input);
  } catch (e) {
    if (e instanceof OrgError) return [...e.problems];
    throw e;
  }
  throw new Error("expected the description to be invalid");
}

/** A valid description changed by `edit`. */
function variant(edit: (org: LooseJson) => void): object {
  const org = structuredClone(contractExample) as LooseJson;
  edit(org);
  return org;
}

interface Case {
  name: string;
  edit: (org: LooseJson) => void;
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
      {
        path: "$.paths[2].via",
        message: 'missing required field "via"',
        expected: "exactly one of smartHost, provider or direct",
      },
      {
        path: "$.paths[2].viaa",
        message: 'unknown field "viaa" (did you mean "via"?)',
        found: '"viaa"',
        expected: 'one of "id", "description", "from", "via", "mailFrom", "dkim", "accept"',
      },
    ],
  },
  {
    name: "an unknown top-level field",
    edit: (o) => {
      o.domain = [];
    },
    problems: [
      {
        path: "$.domain",
        pointer: "/domain",
        message: 'unknown field "domain" (did you mean "domains"?)',
        found: '"domain"',
      },
    ],
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
    problems: [
      { path: "$.paths[0].via", message: "names no way out: give one of smartHost, provider or direct", found: "{}" },
    ],
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
    problems: [
      { path: "$.providers[0].settings.tenant", message: "must be a string", found: "42", expected: "a string" },
    ],
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
    problems: [
      {
        path: "$.providers[1].catalog",
        message: "must be a catalog id in lower case with single hyphens, such as amazon-ses",
      },
    ],
  },
  {
    name: "another version",
    edit: (o) => {
      o.version = 2;
    },
    problems: [
      { path: "$.version", message: "unsupported version 2; this reader knows version 1", found: "2", expected: "1" },
    ],
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
    problems: [
      {
        path: "$.paths[2].via.provider",
        message: 'unknown provider "sgg" (did you mean "sg"?)',
        expected: 'one of "exo", "sg", "ses"',
      },
    ],
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
    problems: [
      {
        path: "$.providers[1].catalog",
        message: 'unknown catalog entry "sendgird" (did you mean "sendgrid"?)',
        found: '"sendgird"',
      },
    ],
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
    problems: [
      {
        path: "$.paths[1].from[1]",
        message: 'From domain "Contoso-Old.example" is marked "sends": false at $.domains[2]',
      },
    ],
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
    problems: [
      { path: "$.domains[3].name", message: 'duplicate domain "News.Contoso.example" (already at $.domains[1])' },
    ],
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
    const own = structuredClone(providerCatalog.entries.find((e) => e.id === "zendesk")) as LooseJson;
    own.id = "acme-mailer";
    const org = variant((o) => o.providers.push({ id: "acme", catalog: "acme-mailer" }));
    expect(validateOrg(org, { catalog: createCatalog([own]) })).toEqual([]);
    expect(validateOrg(org)).toMatchObject([
      { path: "$.providers[3].catalog", message: 'unknown catalog entry "acme-mailer"' },
    ]);
  });
});
