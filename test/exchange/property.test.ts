/**
 * Property tests: random, truncated and mangled exports never throw, and what comes out is plain
 * JSON data; an organisation derived from any of them is either valid or says why not.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type ExchangeConfig, orgFromExchange, parseExchangeExports } from "../../src/exchange/index.ts";
import { validateOrg } from "../../src/org/load.ts";
import { hybridFixtureFiles } from "./hybrid/generate.ts";
import { type FxExport, type FxValue, toClixml, toJson } from "./hybrid/writers.ts";

const CSS = new URL("../../fixtures/exchange/css-exchange/", import.meta.url).pathname;
let samples: { name: string; text: string }[] = [];

beforeAll(async () => {
  const css = (await readdir(CSS)).filter((f) => f.endsWith(".xml") && f !== "GetReceiveConnector.xml");
  samples = [
    ...(await Promise.all(css.map(async (f) => ({ name: f, text: await readFile(join(CSS, f), "utf8") })))),
    ...Object.entries(hybridFixtureFiles()).map(([name, text]) => ({ name, text })),
  ];
});

/** Reads without throwing, and checks that the result is plain JSON data. */
function readSafely(files: Record<string, string | Uint8Array>): ExchangeConfig {
  const config = parseExchangeExports(files, { maxDepth: 32 });
  expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  for (const p of config.problems) expect(p.message.length).toBeGreaterThan(0);
  return config;
}

describe("reading never throws", () => {
  it("on random bytes", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.constantFrom("a.xml", "b.json", "GetSendConnector.xml"),
        (bytes, name) => {
          readSafely({ [name]: bytes });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("on random JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        readSafely({ "x.json": JSON.stringify(value) });
      }),
      { numRuns: 300 },
    );
  });

  it("on random XML-ish text made of CLIXML pieces", () => {
    const piece = fc.constantFrom(
      "<Objs>",
      "</Objs>",
      '<Obj RefId="0">',
      "</Obj>",
      '<TN RefId="0"><T>X.ReceiveConnector</T></TN>',
      '<TNRef RefId="0" />',
      "<Props>",
      "</Props>",
      "<MS>",
      "</MS>",
      "<LST>",
      "</LST>",
      '<S N="Name">a</S>',
      '<B N="Enabled">x</B>',
      '<I32 N="Port">99999999999</I32>',
      '<Ref N="Id" RefId="0" />',
      '<Nil N="Fqdn" />',
      "<ToString>&lt;I&gt;</ToString>",
      '<DCT><En><S N="Key">k</S><S N="Value">v</S></En></DCT>',
      "_x000D_",
      "&amp;",
      "<![CDATA[x]]>",
      "<S>",
      "</S>",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        readSafely({ "x.xml": pieces.join("") });
        readSafely({ "y.xml": `<Objs>${pieces.join("")}</Objs>` });
      }),
      { numRuns: 300 },
    );
  });

  it("on every truncation point of real and generated exports", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (i, at) => {
          const sample = samples[i]!;
          const cut = sample.text.slice(0, Math.floor(sample.text.length * at));
          readSafely({ [sample.name]: cut });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("on mangled exports (characters replaced, removed or doubled)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.constantFrom("", "<", ">", "&", '"', "\u0000", "Z", "]]>", "-1"),
          ),
          { maxLength: 8 },
        ),
        (i, edits) => {
          let text = samples[i]!.text;
          for (const [at, s] of edits) {
            const p = Math.floor(text.length * at);
            text = text.slice(0, p) + s + text.slice(p + 1);
          }
          readSafely({ [samples[i]!.name]: text });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("on well-formed exports of random values, which are read without file-level errors", () => {
    const scalar: fc.Arbitrary<FxValue> = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.record({ enum: fc.string({ minLength: 1, maxLength: 10 }), type: fc.constant("X.Enum") }),
      fc.record({ date: fc.constantFrom("2025-01-01T00:00:00Z", "garbage") }),
    );
    const value: fc.Arbitrary<FxValue> = fc.oneof(
      scalar,
      fc.record({ list: fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }) }),
    );
    const props = fc.dictionary(
      fc.constantFrom(
        "Name",
        "AddressSpaces",
        "SmartHosts",
        "Port",
        "RequireTLS",
        "TlsAuthLevel",
        "MaxMessageSize",
        "Fqdn",
        "Enabled",
        "Other",
      ),
      value,
    );
    fc.assert(
      fc.property(fc.array(props, { minLength: 1, maxLength: 4 }), fc.boolean(), (objects, online) => {
        const exp: FxExport = {
          name: "GetSendConnector",
          environment: online ? "online" : "onprem",
          objects: objects.map((p) => ({
            typeNames: [
              "Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig",
              "System.Object",
            ],
            label: "x",
            // JSON keeps no type names: AddressSpaces is what marks a send connector there.
            props: { AddressSpaces: null, ...p },
          })),
        };
        const config = readSafely({ "a.xml": toClixml(exp), "b.json": toJson(exp) });
        expect(config.problems.filter((p) => p.severity === "error" && p.object === undefined)).toEqual([]);
        expect(config.sendConnectors).toHaveLength(objects.length * 2);
      }),
      { numRuns: 200 },
    );
  });
});

describe("deriving an organisation never rejects", () => {
  it("from truncated hybrid exports: the description is valid, or the result says why not", async () => {
    const files = Object.entries(hybridFixtureFiles()).filter(([p]) => p.startsWith("json/"));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: files.length, maxLength: files.length }),
        async (cuts) => {
          const input: Record<string, string> = {};
          files.forEach(([path, text], i) => {
            input[path.slice(5)] = cuts[i]! > 0.5 ? text : text.slice(0, Math.floor(text.length * cuts[i]! * 2));
          });
          const result = await orgFromExchange(readSafely(input));
          if (result.ok) expect(validateOrg(result.org)).toEqual([]);
          else expect(result.error).toMatch(/no domain/);
        },
      ),
      { numRuns: 60 },
    );
  });
});
