import { describe, expect, it } from "vitest";
import { parseClixml } from "../../src/exchange/clixml.ts";
import { getProp, isPsObject, type PsObject, type PsValue } from "../../src/exchange/ps-value.ts";

const LIMITS = { maxObjects: 100, maxDepth: 64 };
const objs = (body: string) =>
  `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">${body}</Objs>`;

function values(xml: string): PsValue[] {
  const r = parseClixml(xml, LIMITS);
  if (!r.ok) throw new Error(r.error);
  return r.items.map((i) => i.value);
}

function first(xml: string): PsObject {
  const v = values(xml)[0];
  if (!isPsObject(v)) throw new Error("not an object");
  return v;
}

describe("parseClixml", () => {
  it("reads primitives of MS-PSRP §2.2.5.1", () => {
    const o = first(
      objs(`<Obj RefId="0"><Props>
        <S N="s">text</S><B N="b">true</B><B N="f">false</B><I32 N="i">-5</I32><I64 N="l">6000000000</I64>
        <U32 N="u">25</U32><Db N="d">0.5</Db><By N="by">7</By><C N="c">65</C><DT N="dt">2021-08-21T10:43:54+02:00</DT>
        <G N="g">75d6aeb5-cd4a-4c58-ab2c-76304ea198ab</G><Nil N="n" /><SS N="secret">0100000d08c9</SS><BA N="ba">AAEC</BA>
      </Props></Obj>`),
    );
    const get = (n: string) => getProp(o, n);
    expect([get("s"), get("b"), get("f"), get("i"), get("l"), get("u"), get("d"), get("by"), get("c")]).toEqual([
      "text",
      true,
      false,
      -5,
      6_000_000_000,
      25,
      0.5,
      7,
      "A",
    ]);
    expect([get("dt"), get("g"), get("n"), get("ba")]).toEqual([
      "2021-08-21T10:43:54+02:00",
      "75d6aeb5-cd4a-4c58-ab2c-76304ea198ab",
      null,
      "AAEC",
    ]);
    // A secure string (a password) is never read.
    expect(get("secret")).toBeNull();
  });

  it("decodes entities and character references once, then PowerShell's _xHHHH_ escapes", () => {
    const o = first(
      objs(`<Obj RefId="0"><Props>
        <S N="cert">&lt;I&gt;CN=a&lt;S&gt;CN=b</S><S N="twice">&amp;lt;</S><S N="refs">&#65;&#x42;&quot;&apos;</S>
        <S N="crlf">one_x000D__x000A_two</S><S N="literal">a_x005F_x000D_b</S><S N="emoji">_xD83D__xDE00_</S>
        <S N="cdata"><![CDATA[<raw> &amp;]]></S><S N="a_x0020_b">spaced name</S>
      </Props></Obj>`),
    );
    expect(getProp(o, "cert")).toBe("<I>CN=a<S>CN=b");
    expect(getProp(o, "twice")).toBe("&lt;");
    expect(getProp(o, "refs")).toBe("AB\"'");
    expect(getProp(o, "crlf")).toBe("one\r\ntwo");
    expect(getProp(o, "literal")).toBe("a_x000D_b");
    expect(getProp(o, "emoji")).toBe("😀");
    expect(getProp(o, "cdata")).toBe("<raw> &amp;");
    expect(getProp(o, "a b")).toBe("spaced name");
  });

  it("keeps type names (TN, TNRef) without the Deserialized. prefix, ToString, enums' inner values and lists", () => {
    const [a, b] = values(
      objs(`<Obj RefId="0"><TN RefId="0"><T>Deserialized.Foo.Bar</T><T>Deserialized.System.Object</T></TN>
        <ToString>first</ToString><Props>
          <Obj N="E" RefId="1"><TN RefId="1"><T>X.Flags</T><T>System.Enum</T></TN><ToString>A, B</ToString><I32>3</I32></Obj>
          <Obj N="L" RefId="2"><TN RefId="2"><T>X.MVP</T></TN><LST><S>x</S><Obj RefId="3"><TNRef RefId="1" /><ToString>C</ToString><I32>4</I32></Obj></LST></Obj>
        </Props></Obj>
        <Obj RefId="4"><TNRef RefId="0" /><ToString>second</ToString></Obj>`),
    ) as PsObject[];
    expect(a?.typeNames).toEqual(["Foo.Bar", "System.Object"]);
    expect(a?.text).toBe("first");
    const e = getProp(a as PsObject, "E") as PsObject;
    expect([e.typeNames[0], e.text, e.inner]).toEqual(["X.Flags", "A, B", 3]);
    const l = getProp(a as PsObject, "L") as PsObject;
    expect((l.inner as PsValue[])[0]).toBe("x");
    expect(((l.inner as PsValue[])[1] as PsObject).typeNames[0]).toBe("X.Flags");
    expect(b?.typeNames).toEqual(["Foo.Bar", "System.Object"]);
  });

  it("resolves <Ref> to the object written before, and warns about a dangling one", () => {
    const r = parseClixml(
      objs(`<Obj RefId="0"><Props><Obj N="Address" RefId="4"><ToString>0.0.0.0</ToString></Obj>
        <Ref N="Again" RefId="4" /><Ref N="Dangling" RefId="99" /></Props></Obj>`),
      LIMITS,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const o = r.items[0]?.value as PsObject;
    expect(getProp(o, "Again")).toBe(getProp(o, "Address"));
    expect(getProp(o, "Dangling")).toBeNull();
    expect(r.warnings).toEqual(['a <Ref RefId="99"> names no object written before it']);
  });

  it("reads extended members (<MS>) such as Select-Object output; adapted properties win", () => {
    const o = first(
      objs(`<Obj RefId="0"><MS><S N="User">from MS</S><S N="Only">ms</S><BA N="SerializationData">AAAA</BA></MS>
        <Props><S N="User">from Props</S></Props></Obj>`),
    );
    expect(getProp(o, "User")).toBe("from Props");
    expect(getProp(o, "Only")).toBe("ms");
    expect(getProp(o, "SerializationData")).toBeUndefined();
  });

  it("reads dictionaries (<DCT>) as properties", () => {
    const o = first(
      objs(
        `<Obj RefId="0"><DCT><En><S N="Key">Name</S><S N="Value">x</S></En><En><S N="Key">Port</S><I32 N="Value">25</I32></En></DCT></Obj>`,
      ),
    );
    expect([getProp(o, "Name"), getProp(o, "port")]).toEqual(["x", 25]);
  });

  it.each([
    [
      "a DTD with an external entity (XXE)",
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${objs("<S>&e;</S>")}`,
      /DTDs are refused/,
    ],
    [
      "entity expansion (billion laughs)",
      `<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>${objs("<S>&b;</S>")}`,
      /DTDs are refused/,
    ],
    ["a truncated file", objs(`<Obj RefId="0"><Props><S N="Name">x</S>`).slice(0, -10), /not well-formed XML \(line 1/],
    ["mismatched tags", objs("<Obj><Props></Obj></Props>"), /not well-formed/],
    ["another root element", "<feedback><record/></feedback>", /root <feedback>, expected <Objs>/],
    ["two root elements", `${objs("")}${objs("")}`, /not well-formed|root/],
    ["deep nesting", objs(`${"<Obj><LST>".repeat(40)}${"</LST></Obj>".repeat(40)}`), /deeper than 64/],
  ])("refuses %s", (_, xml, message) => {
    const r = parseClixml(xml, LIMITS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("reads at most maxObjects objects, and says so", () => {
    const r = parseClixml(objs("<S>a</S><S>b</S><S>c</S>"), { maxObjects: 2, maxDepth: 64 });
    expect(r.ok && r.items.map((i) => i.value)).toEqual(["a", "b"]);
    expect(r.ok && r.warnings).toEqual(["holds 3 objects; only the first 2 were read"]);
  });

  it("reads an empty export", () => {
    expect(values(objs(""))).toEqual([]);
    expect(values('<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04" />')).toEqual([]);
  });
});
