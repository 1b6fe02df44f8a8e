import { describe, expect, it } from "vitest";
import { parseTagList } from "../../src/common/tag-list.ts";

describe("parseTagList (RFC 6376 §3.2)", () => {
  it("reads names, values and positions; whitespace (FWS) around them is not part of either", () => {
    const text = " v=DKIM1;\r\n\tk = rsa ; p=MIGf MA0G ;";
    const r = parseTagList(text);
    expect(r.tags.map((t) => [t.name, t.value])).toEqual([
      ["v", "DKIM1"],
      ["k", "rsa"],
      ["p", "MIGf MA0G"],
    ]);
    expect(r.problems).toEqual([]);
    expect(r.trailingSeparator).toBe(true);
    const p = r.tags[2];
    expect(text.slice(p?.start, p?.end)).toBe("p=MIGf MA0G");
  });

  it("reports empty specs, missing '=', bad names, bad characters and duplicates", () => {
    const r = parseTagList("a=1;;fo:0;1x=2;b=\u0001;a=3;c_d=4");
    expect(r.problems.map((p) => p.kind)).toEqual([
      "empty-spec",
      "missing-equals",
      "bad-name",
      "bad-value-char",
      "duplicate",
    ]);
    expect(r.tags.map((t) => t.name)).toEqual(["a", "b", "a", "c_d"]);
  });

  it("the DMARC name rule (1*ALPHA) refuses digits and underscores", () => {
    expect(parseTagList("c_d=4", { nameRule: "alpha" }).problems.map((p) => p.kind)).toEqual(["bad-name"]);
  });

  it("duplicates are case-sensitive unless told otherwise; colonAsEquals reads name:value", () => {
    expect(parseTagList("a=1;A=2").problems).toEqual([]);
    expect(parseTagList("a=1;A=2", { caseInsensitiveNames: true }).problems.map((p) => p.kind)).toEqual(["duplicate"]);
    const r = parseTagList("fo:1; x:2", { colonAsEquals: ["FO"] });
    expect(r.tags.map((t) => [t.name, t.value, t.separator])).toEqual([["fo", "1", ":"]]);
    expect(r.problems.map((p) => p.kind)).toEqual(["colon-as-equals", "missing-equals"]);
  });

  it("an empty text has no tags and no problems; a value may be empty", () => {
    expect(parseTagList("")).toEqual({ tags: [], problems: [], trailingSeparator: false });
    expect(parseTagList("a=").tags[0]).toMatchObject({ name: "a", value: "" });
  });
});
