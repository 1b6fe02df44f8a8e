import { describe, expect, it } from "vitest";
import { parseJsonExport } from "../../src/exchange/json-export.ts";
import { getProp, isPsObject, type PsObject } from "../../src/exchange/ps-value.ts";

const LIMITS = { maxObjects: 100, maxDepth: 64 };

function items(text: string) {
  const r = parseJsonExport(text, LIMITS);
  if (!r.ok) throw new Error(r.error);
  return r.items;
}

describe("parseJsonExport", () => {
  it.each([
    ["an array of objects", '[{"Name":"a"},{"Name":"b"}]', ["a", "b"]],
    ["one object (ConvertTo-Json of a single result)", '{"Name":"a"}', ["a"]],
    ["the REST envelope", '{"@odata.context":"x","value":[{"Name":"a"},{"Name":"b"}]}', ["a", "b"]],
    ["an empty array", "[]", []],
  ])("reads %s", (_, text, names) => {
    expect(items(text).map((i) => getProp(i.value as PsObject, "Name"))).toEqual(names);
  });

  it("unwraps Windows PowerShell 5.1's {value, Count} and {value, DateTime} anywhere", () => {
    const [item] = items(
      '{"SmartHosts":{"value":["a","b"],"Count":2},"WhenChanged":{"value":"/Date(1)/","DateTime":"Thursday"},"Other":{"Value":"x","Unit":"y"}}',
    );
    const o = item?.value as PsObject;
    expect(getProp(o, "SmartHosts")).toEqual(["a", "b"]);
    expect(getProp(o, "WhenChanged")).toBe("/Date(1)/");
    expect(isPsObject(getProp(o, "Other"))).toBe(true);
  });

  it("ignores @odata.type and @data.type side keys, and matches names without case", () => {
    const [item] = items(
      '{"Selector1KeySize":2048,"Selector1KeySize@odata.type":"#Int32","WhenChanged@data.type":"System.DateTime"}',
    );
    const o = item?.value as PsObject;
    expect([...o.props.values()].map((p) => p.name)).toEqual(["Selector1KeySize"]);
    expect(getProp(o, "selector1keysize")).toBe(2048);
  });

  it("reads a bundle keyed by cmdlet, each object with its cmdlet as a hint", () => {
    const bundle = items(
      '{"Get-SendConnector":[{"Name":"a"}],"Get-AcceptedDomain":{"DomainName":"x"},"Get-RemoteDomain":null}',
    );
    expect(bundle.map((i) => i.hint)).toEqual(["Get-SendConnector", "Get-AcceptedDomain"]);
  });

  it("keeps a __proto__ key as data, never as a prototype", () => {
    const [item] = items('{"__proto__":{"polluted":true},"Name":"a"}');
    const o = item?.value as PsObject;
    expect(isPsObject(getProp(o, "__proto__"))).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ["truncated JSON", '[{"Name":"a"},{"Na', /not valid JSON/],
    ["deep nesting", `${"[".repeat(100)}${"]".repeat(100)}`, /deeper than 64/],
  ])("refuses %s", (_, text, message) => {
    const r = parseJsonExport(text, LIMITS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("reads at most maxObjects objects, and says so", () => {
    const r = parseJsonExport("[1,2,3]", { maxObjects: 2, maxDepth: 64 });
    expect(r.ok && r.items.length).toBe(2);
    expect(r.ok && r.warnings).toEqual(["holds 3 objects; only the first 2 were read"]);
  });
});
