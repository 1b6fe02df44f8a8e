/**
 * Reading `Export-Clixml` files: the PowerShell serialisation format of MS-PSRP §2.2.5
 * (https://learn.microsoft.com/openspecs/windows_protocols/ms-psrp/). A file is `<Objs>` holding one
 * element per object; an `<Obj>` carries its type names (`<TN>`, or `<TNRef>` to names already
 * written), its `<ToString>`, its adapted properties (`<Props>`), extended members (`<MS>`: the
 * properties of a `PSCustomObject` such as `Select-Object` output), a list (`<LST>`, `<IE>`,
 * `<STK>`, `<QUE>`), a dictionary (`<DCT>`) or a primitive (an enum's `<I32>`); `<Ref>` points to an
 * object written earlier (by `RefId`).
 *
 * The XML parser is fast-xml-parser (already a dependency of mailauth): it is pure JavaScript, well
 * kept, keeps element order (`preserveOrder`, needed for lists of mixed elements), bounds nesting
 * (`maxNestedTags`) and has a well-formedness validator that reports line and column. Entity
 * processing is off (`processEntities: false`), so no entity, internal or external, is ever
 * expanded; a document type declaration is refused before parsing (Export-Clixml never writes one).
 * The five predefined entities and character references (XML 1.0 §4.6, §4.1) are then decoded here,
 * and PowerShell's `_xHHHH_` escapes of characters XML cannot hold (MS-PSRP §2.2.5.3.2).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { type PsObject, type PsValue, plainTypeName, psObject, setProp } from "./ps-value.ts";

/** Limits for one file. */
export interface ExportLimits {
  /** Top-level objects read from one file; the rest is left unread, with a problem. */
  maxObjects: number;
  /** Nesting depth of elements (XML) or values (JSON). */
  maxDepth: number;
}

/** One top-level value of an export, with the cmdlet a bundle file names for it (`{"Get-SendConnector": [...]}`). */
export interface ExportItem {
  value: PsValue;
  hint?: string;
}

/** The objects of an export, or why it cannot be read. */
export type ParsedExport = { ok: true; items: ExportItem[]; warnings: string[] } | { ok: false; error: string };

type XmlNode = Record<string, unknown>;

const PRIMITIVES = new Set([
  "S",
  "C",
  "B",
  "DT",
  "TS",
  "By",
  "SB",
  "U16",
  "I16",
  "U32",
  "I32",
  "U64",
  "I64",
  "Sg",
  "Db",
  "D",
  "BA",
  "G",
  "URI",
  "Nil",
  "Version",
  "XD",
  "SBK",
  "SS",
  "PR",
  "Obj",
  "Ref",
]);
const NUMBERS = new Set(["By", "SB", "U16", "I16", "U32", "I32", "U64", "I64", "Sg", "Db", "D"]);
const LISTS = new Set(["LST", "IE", "STK", "QUE"]);

const PREDEFINED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes the predefined entities and character references (XML 1.0 §4.6, §4.1); leaves anything else. */
function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});/g, (whole, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1] === "x" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[name] ?? whole;
  });
}

/** Decodes PowerShell's `_xHHHH_` escapes (`_x000D__x000A_` is CR LF), surrogate halves included. */
function decodePsEscapes(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function tagOf(node: XmlNode): string | undefined {
  for (const key of Object.keys(node)) if (key !== ":@") return key;
  return undefined;
}

function childrenOf(node: XmlNode, tag: string): XmlNode[] {
  const value = node[tag];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function attr(node: XmlNode, name: string): string | undefined {
  const attrs = node[":@"];
  if (typeof attrs !== "object" || attrs === null) return undefined;
  const value = (attrs as Record<string, unknown>)[name];
  return typeof value === "string" ? decodePsEscapes(decodeEntities(value)) : undefined;
}

/** The character data of an element (text and CDATA). */
function textOf(children: XmlNode[]): string {
  let text = "";
  for (const c of children) {
    if (typeof c["#text"] === "string") text += decodeEntities(c["#text"]);
    else if (typeof c["#text"] === "number") text += String(c["#text"]);
    else if (Array.isArray(c["#cdata"])) text += rawText(c["#cdata"] as XmlNode[]);
  }
  return text;
}

/** CDATA content, taken as written (no entity decoding inside CDATA, XML 1.0 §2.7). */
function rawText(children: XmlNode[]): string {
  return children.map((c) => (typeof c["#text"] === "string" ? c["#text"] : "")).join("");
}

/** The element children (text nodes left out). */
function elements(children: XmlNode[]): { tag: string; node: XmlNode }[] {
  const out: { tag: string; node: XmlNode }[] = [];
  for (const node of children) {
    const tag = tagOf(node);
    if (tag !== undefined && tag !== "#text" && tag !== "#cdata") out.push({ tag, node });
  }
  return out;
}

class Reader {
  readonly refs = new Map<string, PsObject>();
  readonly types = new Map<string, string[]>();
  readonly warnings = new Set<string>();
  readonly maxDepth: number;
  constructor(maxDepth: number) {
    this.maxDepth = maxDepth;
  }

  value(tag: string, node: XmlNode, depth: number): PsValue {
    if (depth > this.maxDepth) throw new DepthError();
    const children = childrenOf(node, tag);
    if (tag === "Obj") return this.object(node, children, depth);
    if (tag === "Ref") {
      const id = attr(node, "RefId") ?? "";
      const target = this.refs.get(id);
      if (target === undefined) this.warnings.add(`a <Ref RefId="${id}"> names no object written before it`);
      return target ?? null;
    }
    if (tag === "Nil") return null;
    if (tag === "SS") return null; // a secure string (a password): never read
    const text = decodePsEscapes(textOf(children));
    if (tag === "B") return text.trim().toLowerCase() === "true";
    if (tag === "C") return String.fromCharCode(Number(text));
    if (NUMBERS.has(tag)) {
      const n = Number(text.trim());
      return Number.isFinite(n) ? n : text;
    }
    if (LISTS.has(tag)) return elements(children).map((e) => this.value(e.tag, e.node, depth + 1));
    return text;
  }

  object(node: XmlNode, children: XmlNode[], depth: number): PsObject {
    const obj = psObject();
    const id = attr(node, "RefId");
    if (id !== undefined) this.refs.set(id, obj);
    const members: { tag: string; node: XmlNode }[] = [];
    for (const { tag, node: child } of elements(children)) {
      const inner = childrenOf(child, tag);
      if (tag === "TN") {
        const names = elements(inner)
          .filter((e) => e.tag === "T")
          .map((e) => plainTypeName(decodePsEscapes(textOf(childrenOf(e.node, "T")))));
        const tnId = attr(child, "RefId");
        if (tnId !== undefined) this.types.set(tnId, names);
        obj.typeNames = names;
      } else if (tag === "TNRef") {
        const tnId = attr(child, "RefId") ?? "";
        const names = this.types.get(tnId);
        if (names === undefined) this.warnings.add(`a <TNRef RefId="${tnId}"> names no type list written before it`);
        obj.typeNames = names ?? [];
      } else if (tag === "ToString") {
        obj.text = decodePsEscapes(textOf(inner));
      } else if (tag === "Props") {
        for (const e of elements(inner)) this.member(obj, e.tag, e.node, depth);
      } else if (tag === "MS") {
        members.push(...elements(inner));
      } else if (LISTS.has(tag)) {
        obj.inner = elements(inner).map((e) => this.value(e.tag, e.node, depth + 1));
      } else if (tag === "DCT") {
        this.dictionary(obj, inner, depth);
      } else if (PRIMITIVES.has(tag)) {
        obj.inner = this.value(tag, child, depth + 1);
      }
    }
    // Adapted properties win over extended members of the same name.
    for (const e of members) {
      if (attr(e.node, "N") !== "SerializationData") this.member(obj, e.tag, e.node, depth);
    }
    return obj;
  }

  member(obj: PsObject, tag: string, node: XmlNode, depth: number): void {
    const name = attr(node, "N");
    if (name === undefined || !PRIMITIVES.has(tag)) return;
    setProp(obj, name, this.value(tag, node, depth + 1));
  }

  /** `<DCT><En><S N="Key">k</S><Obj N="Value">…</Obj></En>…</DCT>`: entries become properties. */
  dictionary(obj: PsObject, children: XmlNode[], depth: number): void {
    for (const entry of elements(children)) {
      if (entry.tag !== "En") continue;
      let key: PsValue = null;
      let value: PsValue = null;
      for (const e of elements(childrenOf(entry.node, "En"))) {
        const n = attr(e.node, "N");
        if (n === "Key") key = this.value(e.tag, e.node, depth + 1);
        else if (n === "Value") value = this.value(e.tag, e.node, depth + 1);
      }
      if (typeof key === "string" || typeof key === "number") setProp(obj, String(key), value);
    }
  }
}

/** Thrown inside a reader when values nest deeper than the limit; caught by the parse functions. */
export class DepthError extends Error {}

const parserOptions = (maxDepth: number) =>
  ({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    removeNSPrefix: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    cdataPropName: "#cdata",
    maxNestedTags: maxDepth,
  }) as const;

/** Whether text looks like XML (its first non-blank character is `<`). */
export function looksLikeXml(text: string): boolean {
  return /^\s*</.test(text);
}

/**
 * Reads the objects of an `Export-Clixml` file. Never throws: a document that is not well formed
 * XML, declares a DTD, is not `<Objs>` or nests too deep is `{ ok: false, error }`.
 */
export function parseClixml(text: string, limits: ExportLimits): ParsedExport {
  if (/<!DOCTYPE|<!ENTITY/.test(text)) {
    return {
      ok: false,
      error: "declares a document type (<!DOCTYPE> or <!ENTITY>), which Export-Clixml never writes; DTDs are refused",
    };
  }
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      const { line, col, msg } = valid.err;
      return { ok: false, error: `is not well-formed XML (line ${line}, column ${col}: ${msg}); truncated or edited?` };
    }
    const tree = new XMLParser(parserOptions(limits.maxDepth)).parse(text) as XmlNode[];
    const roots = elements(tree);
    const root = roots[0];
    if (roots.length !== 1 || root === undefined || root.tag !== "Objs") {
      const found = roots.map((r) => `<${r.tag}>`).join(", ") || "no element";
      return { ok: false, error: `is XML but not Export-Clixml output (root ${found}, expected <Objs>)` };
    }
    const reader = new Reader(limits.maxDepth);
    const items = elements(childrenOf(root.node, "Objs"));
    const warnings: string[] = [];
    if (items.length > limits.maxObjects) {
      warnings.push(`holds ${items.length} objects; only the first ${limits.maxObjects} were read`);
    }
    const values = items.slice(0, limits.maxObjects).map((e) => ({ value: reader.value(e.tag, e.node, 1) }));
    return { ok: true, items: values, warnings: [...warnings, ...reader.warnings] };
  } catch (e) {
    if (e instanceof DepthError || /nest/i.test((e as Error).message)) {
      return { ok: false, error: `nests elements deeper than ${limits.maxDepth} levels` };
    }
    return { ok: false, error: `could not be read as XML: ${(e as Error).message}` };
  }
}
