import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTagList, tagValue } from "../../src/common/tag-list.ts";

describe("parseTagList (RFC 6376 §3.2), the cases DKIM relies on", () => {
  const valid: [string, [string, string][]][] = [
    [
      "v=DKIM1; k=rsa; p=abc",
      [
        ["v", "DKIM1"],
        ["k", "rsa"],
        ["p", "abc"],
      ],
    ],
    [
      "v=DKIM1;k=rsa;p=abc;",
      [
        ["v", "DKIM1"],
        ["k", "rsa"],
        ["p", "abc"],
      ],
    ],
    [
      "  v = DKIM1 ;\r\n\tp = a b\r\n c  ",
      [
        ["v", "DKIM1"],
        ["p", "a b\r\n c"],
      ],
    ],
    ["p=", [["p", ""]]],
    ["a_1=x", [["a_1", "x"]]],
    ["n=a=b", [["n", "a=b"]]],
    ["", []],
  ];
  it.each(valid)("%j parses without problems", (text, tags) => {
    const list = parseTagList(text);
    expect(list.problems).toEqual([]);
    expect(list.tags.map((t) => [t.name, t.value])).toEqual(tags);
  });

  const invalid: [string, string][] = [
    ["a=1;;b=2", "empty-spec"],
    [";a=1", "empty-spec"],
    [";", "empty-spec"],
    ["a=1; ;", "empty-spec"],
    ["a=1; b", "missing-equals"],
    ["1a=x", "bad-name"],
    ["a-b=x", "bad-name"],
    ["=x", "bad-name"],
    ["n=caf\u00e9", "bad-value-char"],
    ["n=a\u0000b", "bad-value-char"],
    ["p=a; p=b", "duplicate"],
  ];
  it.each(invalid)("%j reports %s", (text, code) => {
    expect(parseTagList(text).problems.map((p) => p.kind)).toContain(code);
  });

  it("is case-sensitive about names, and keeps duplicates in order", () => {
    const list = parseTagList("P=upper; p=lower; p=again");
    expect(tagValue(list, "p")).toBe("lower");
    expect(tagValue(list, "P")).toBe("upper");
    expect(list.tags.map((t) => t.value)).toEqual(["upper", "lower", "again"]);
    expect(list.problems).toEqual([expect.objectContaining({ kind: "duplicate", name: "p" })]);
  });

  it("reports offsets into the input", () => {
    const list = parseTagList("a=1;  b");
    expect(list.tags[0]?.start).toBe(0);
    expect(list.problems[0]?.start).toBe(6);
  });

  const tagName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,5}$/);
  const tagVal = fc.stringMatching(/^[\x21-\x3a\x3c-\x7e]{1,8}(?: [\x21-\x3a\x3c-\x7e]{1,8}){0,2}$/);
  const ws = fc.constantFrom("", " ", "\t", "  ", "\r\n ");

  it("round-trips any well-formed list, whatever the whitespace (property)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(tagName, tagVal), { selector: ([n]) => n, maxLength: 8 }),
        ws,
        ws,
        fc.boolean(),
        (tags, a, b, trailing) => {
          const text =
            tags.map(([n, v]) => `${a}${n}${b}=${a}${v}${b}`).join(";") + (trailing && tags.length > 0 ? ";" : "");
          const list = parseTagList(text);
          expect(list.problems).toEqual([]);
          expect(list.tags.map((t) => [t.name, t.value])).toEqual(tags);
        },
      ),
    );
  });

  it("never throws and returns offsets inside the input (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const list = parseTagList(text);
        for (const item of [...list.tags, ...list.problems]) {
          expect(item.start).toBeGreaterThanOrEqual(0);
          expect(item.end).toBeLessThanOrEqual(text.length);
          expect(item.start).toBeLessThanOrEqual(item.end);
        }
        for (const tag of list.tags) expect(tag.value).not.toContain(";");
      }),
    );
  });
});
