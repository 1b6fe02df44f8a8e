import { describe, expect, it } from "vitest";
import { entryTemplates } from "../../src/providers/check-entry.ts";
import {
  CatalogError,
  createCatalog,
  getProvider,
  providerCatalog,
  validateProviderEntry,
} from "../../src/providers/registry.ts";
import { templateMatcher, templatePlaceholders } from "../../src/providers/template.ts";
import type { FactSource, ProviderEntry, Sourced } from "../../src/providers/types.ts";
import type { LooseJson } from "../helpers/loose-json.ts";

/** The contract's fixed ids (`../shared/contracts/org.md`). */
const CONTRACT_IDS = [
  "microsoft365",
  "google-workspace",
  "sendgrid",
  "amazon-ses",
  "mailgun",
  "postmark",
  "sparkpost",
  "mandrill",
  "mailchimp",
  "brevo",
  "zoho-mail",
  "salesforce-mc",
  "hubspot",
  "zendesk",
  "proofpoint-essentials",
  "mimecast",
];

/** Every fact of an entry (everything that must carry sources), with a name for messages. */
function facts(entry: ProviderEntry): Array<[string, Sourced]> {
  return [
    ...entry.spf.includes.map((f, i): [string, Sourced] => [`spf.includes[${i}]`, f]),
    ...entry.spf.mechanisms.map((f, i): [string, Sourced] => [`spf.mechanisms[${i}]`, f]),
    ["spf.publishedOn", entry.spf.publishedOn],
    ["mailFrom.default", entry.mailFrom.default],
    ["mailFrom.custom", entry.mailFrom.custom],
    ...entry.dkim.selectors.map((f, i): [string, Sourced] => [`dkim.selectors[${i}]`, f]),
    ...entry.dkim.defaultSigning.map((f, i): [string, Sourced] => [`dkim.defaultSigning[${i}]`, f]),
    ...(entry.mx ?? []).map((f, i): [string, Sourced] => [`mx[${i}]`, f]),
  ];
}

const entries = providerCatalog.entries;

describe("the built-in catalog", () => {
  it("has exactly the contract's ids, in its order", () => {
    expect(entries.map((e) => e.id)).toEqual(CONTRACT_IDS);
  });

  it.each(entries.map((e) => [e.id, e] as const))(
    "%s validates against providerEntrySchema and its own checks",
    (_, entry) => {
      expect(validateProviderEntry(structuredClone(entry))).toEqual([]);
    },
  );

  it.each(entries.map((e) => [e.id, e] as const))(
    "%s: every fact has sources with a confidence and an honest date",
    (_, entry) => {
      for (const [name, fact] of facts(entry)) {
        expect(fact.sources.length, name).toBeGreaterThan(0);
        for (const s of fact.sources as FactSource[]) {
          expect(["C", "O", "S", "U"], `${name} ${s.url}`).toContain(s.confidence);
          expect(s.url, name).toMatch(/^https?:\/\/\S+$/);
          // A date only for facts checked while the catalog was written; notes-derived facts have none.
          expect([null, "2026-11-23"], `${name} ${s.url}`).toContain(s.checked);
        }
      }
    },
  );

  it("keeps unconfirmed and conflicting facts marked U", () => {
    const zoho = getProvider(providerCatalog, "zoho-mail") as ProviderEntry;
    const zohoIncludes = zoho.spf.includes;
    expect(zohoIncludes.length).toBeGreaterThan(1);
    for (const include of zohoIncludes) {
      expect(include.group).toBe("zoho");
      expect(include.sources.some((s) => s.confidence === "U")).toBe(true);
    }
    const sfmc = getProvider(providerCatalog, "salesforce-mc") as ProviderEntry;
    expect(sfmc.dkim.defaultSigning[0]?.sources.every((s) => s.confidence === "U")).toBe(true);
  });

  it("is read-only", () => {
    const first = entries[0] as ProviderEntry;
    expect(Object.isFrozen(providerCatalog)).toBe(true);
    expect(() => {
      (first.spf.includes as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it.each(entries.map((e) => [e.id, e] as const))(
    "%s: each detection pattern matches a name the entry documents",
    (_, entry) => {
      // The names an entry documents, each placeholder given every value of an enum setting, else
      // the setting's example, else a sample label.
      const sample = (t: string): string[] => {
        let names = [t];
        for (const name of templatePlaceholders(t)) {
          const spec = entry.settings[name];
          const values = spec?.enum ?? [spec?.example ?? `x${name.toLowerCase()}1`];
          names = names.flatMap((n) => values.map((v) => n.replaceAll(`{${name}}`, v)));
        }
        return names;
      };
      const documented = {
        spfIncludes: [
          ...entry.spf.includes.map((i) => i.domain),
          ...entry.spf.mechanisms.map((m) => m.term.replace(/^[a-z0-9]+:/, "")),
        ].flatMap(sample),
        cnameTargets: [
          ...entry.dkim.selectors.flatMap((s) => s.targets ?? []),
          ...entry.mailFrom.custom.dns
            .filter((d) => d.type === "CNAME")
            .flatMap((d) => [d.value, ...(d.alternatives ?? [])]),
        ].flatMap(sample),
        mxHosts: [
          ...(entry.mx ?? []).map((m) => m.host),
          ...entry.mailFrom.custom.dns
            .filter((d) => d.type === "MX")
            .flatMap((d) => [d.value, ...(d.alternatives ?? [])].map((v) => v.replace(/^\d+ /, ""))),
        ].flatMap(sample),
      };
      for (const kind of ["spfIncludes", "cnameTargets", "mxHosts"] as const) {
        for (const pattern of entry.detect[kind]) {
          const matcher = templateMatcher(pattern, {}, { suffix: true });
          expect(
            documented[kind].some((name) => matcher(name) !== null),
            `${kind} pattern ${pattern}`,
          ).toBe(true);
        }
      }
    },
  );

  it("documents Microsoft 365's legacy and 2025 DKIM forms for the same selector", () => {
    const m365 = getProvider(providerCatalog, "microsoft365") as ProviderEntry;
    const selector1 = m365.dkim.selectors.find(
      (s) => s.selector === "selector1" && s.when?.[0]?.in?.includes("commercial"),
    );
    const values = { tenant: "contoso", domainDashed: "contoso-com" };
    const accepts = (name: string) => (selector1?.targets ?? []).some((t) => templateMatcher(t, values)(name) !== null);
    expect(accepts("selector1-contoso-com._domainkey.contoso.onmicrosoft.com")).toBe(true);
    expect(accepts("selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft")).toBe(true);
    // A label Microsoft derived differently (observed), still under the tenant's partition.
    expect(accepts("selector1-exclusive-jasonshadow-com03i._domainkey.contoso.r-v1.dkim.mail.microsoft")).toBe(true);
    expect(accepts("selector1-contoso-com._domainkey.other.onmicrosoft.com")).toBe(false);
    expect(accepts("selector1-contoso-com._domainkey.contoso.dkim.example")).toBe(false);
  });
});

/** A small valid user entry. */
function userEntry(id = "acme-mailer"): Record<string, unknown> {
  const source = { url: "https://docs.acme.example/dns", checked: "2026-11-01", confidence: "C" };
  // A JSON round trip, unlike structuredClone, unshares the one source object.
  return JSON.parse(
    JSON.stringify({
      id,
      name: "Acme Mailer",
      kind: "esp",
      summary: "A test provider.",
      settings: { region: { description: "Region.", required: true, example: "eu", enum: ["eu", "us"] } },
      spf: {
        includes: [{ domain: "{region}.spf.acme.example", sources: [source] }],
        mechanisms: [],
        publishedOn: { on: "from-domain", sources: [source] },
      },
      mailFrom: {
        default: { kind: "provider", domain: "bounce.acme.example", sources: [source] },
        custom: { supported: false, dns: [], sources: [source] },
      },
      dkim: {
        selectors: [
          { selector: "acme", record: "cname", targets: ["{domainDashed}.dkim.acme.example"], sources: [source] },
        ],
        defaultSigning: [{ signsWithOwnDomain: true, domain: "acme.example", sources: [source] }],
      },
      detect: { spfIncludes: ["spf.acme.example"], cnameTargets: ["dkim.acme.example"], mxHosts: [] },
    }),
  ) as Record<string, unknown>;
}

describe("createCatalog", () => {
  it("adds user entries after the built-in ones", () => {
    const catalog = createCatalog([userEntry()]);
    expect(catalog.entries.map((e) => e.id)).toEqual([...CONTRACT_IDS, "acme-mailer"]);
    expect(getProvider(catalog, "acme-mailer")?.name).toBe("Acme Mailer");
    expect(getProvider(providerCatalog, "acme-mailer")).toBeUndefined();
  });

  it("lets a user entry replace a built-in one", () => {
    const catalog = createCatalog([userEntry("sendgrid")]);
    expect(catalog.entries).toHaveLength(CONTRACT_IDS.length);
    expect(getProvider(catalog, "sendgrid")?.name).toBe("Acme Mailer");
  });

  it.each([
    [
      "an unknown field",
      (e: LooseJson) => (e.spf.include = []),
      [{ path: "$[0].spf", message: 'unknown field "include"' }],
    ],
    [
      "a fact without sources",
      (e: LooseJson) => (e.dkim.selectors[0].sources = []),
      [{ path: "$[0].dkim.selectors[0].sources" }],
    ],
    [
      "a bad confidence",
      (e: LooseJson) => (e.spf.includes[0].sources[0].confidence = "X"),
      [{ path: "$[0].spf.includes[0].sources[0].confidence" }],
    ],
    [
      "an invented date format",
      (e: LooseJson) => (e.spf.includes[0].sources[0].checked = "23/11/2026"),
      [{ path: "$[0].spf.includes[0].sources[0].checked" }],
    ],
    [
      "a misspelt placeholder",
      (e: LooseJson) => (e.spf.includes[0].domain = "{regoin}.spf.acme.example"),
      [
        {
          path: "$[0].spf.includes[0].domain",
          message: "placeholder {regoin} is neither {domain}, {domainDashed}, a declared setting nor an assigned value",
        },
      ],
    ],
    [
      "a condition on an undeclared setting",
      (e: LooseJson) => (e.spf.includes[0].when = [{ setting: "cloud", in: ["x"] }]),
      [{ path: "$[0].spf.includes[0].when[0].setting", message: 'condition on undeclared setting "cloud"' }],
    ],
    [
      "a condition on a value the setting does not have",
      (e: LooseJson) => (e.spf.includes[0].when = [{ setting: "region", in: ["asia"] }]),
      [{ path: "$[0].spf.includes[0].when[0].in", message: '"asia" is not a value of setting "region"' }],
    ],
    [
      "a pattern that does not compile",
      (e: LooseJson) => (e.settings.region = { description: "R.", required: false, example: "eu", pattern: "(" }),
      [{ path: "$[0].settings.region.pattern" }],
    ],
    [
      "a settings name that is not camelCase",
      (e: LooseJson) => (e.settings.Region = e.settings.region),
      [{ path: "$[0].settings", message: 'unknown field "Region"' }],
    ],
  ])("rejects %s with its path", (_, edit, expected) => {
    const entry = userEntry();
    edit(entry);
    try {
      createCatalog([entry]);
      expect.unreachable("createCatalog accepted an invalid entry");
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogError);
      expect((e as CatalogError).problems).toMatchObject(expected);
    }
  });

  it("rejects two user entries with one id, and what is not a list", () => {
    expect(() => createCatalog([userEntry(), userEntry()])).toThrow(
      '$[1].id: duplicate id "acme-mailer" (also at $[0])',
    );
    expect(() => createCatalog({} as unknown as unknown[])).toThrow(CatalogError);
  });

  it("copies user entries, so later changes do not leak in", () => {
    const entry = userEntry();
    const catalog = createCatalog([entry]);
    (entry as LooseJson).name = "Changed";
    expect(getProvider(catalog, "acme-mailer")?.name).toBe("Acme Mailer");
  });
});

describe("entry templates", () => {
  it("only use declared names in the built-in catalog", () => {
    for (const entry of entries) {
      const known = new Set([
        "domain",
        "domainDashed",
        ...Object.keys(entry.settings),
        ...Object.keys(entry.assigned ?? {}),
      ]);
      for (const { template } of entryTemplates(entry)) {
        for (const name of templatePlaceholders(template))
          expect(known.has(name), `${entry.id}: {${name}} in ${template}`).toBe(true);
      }
    }
  });
});
