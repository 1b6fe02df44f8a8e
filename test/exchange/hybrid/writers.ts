/**
 * Writes test exports in the shapes PowerShell writes them: `Export-Clixml` (MS-PSRP §2.2.5: type
 * names once then by reference, enums as an object with `ToString` and `I32`, multi-valued
 * properties as `LST`, CR LF inside strings as `_x000D__x000A_`) and `ConvertTo-Json` (Windows
 * PowerShell 5.1 from the Exchange Management Shell: enums as numbers, dates as `/Date(ms)/`; or
 * Exchange Online's REST shape: enum names, ISO dates, `@odata.type` side keys).
 */

/** A value of a test object. */
export type FxValue =
  | string
  | number
  | boolean
  | null
  | { enum: string; int?: number; type: string }
  | { list: FxItem[]; type?: string }
  | { text: string; type: string; props?: Record<string, FxValue> }
  | { date: string }
  | { credential: string };

export type FxItem = string | { text: string; type: string; props?: Record<string, FxValue> };

export interface FxObject {
  typeNames: string[];
  /** The `ToString` of the object. */
  label: string;
  props: Record<string, FxValue>;
  /** Properties written as extended members (`<MS>`), as for `Select-Object` output. */
  members?: boolean;
}

export interface FxExport {
  /** File name without extension. */
  name: string;
  environment: "onprem" | "online";
  objects: FxObject[];
}

const MVP_STRING =
  "Microsoft.Exchange.Data.MultiValuedProperty`1[[System.String, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]";

function esc(text: string): string {
  return text
    .replace(/_x/g, "_x005F_x")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\r/g, "_x000D_")
    .replace(/\n/g, "_x000A_");
}

class ClixmlWriter {
  private ref = 0;
  private readonly types = new Map<string, number>();
  private typeRef = 0;
  private readonly prefix: string;
  constructor(prefix: string) {
    this.prefix = prefix;
  }

  tn(names: string[], indent: string): string {
    const key = names.join("|");
    const known = this.types.get(key);
    if (known !== undefined) return `${indent}<TNRef RefId="${known}" />`;
    const id = this.typeRef++;
    this.types.set(key, id);
    const ts = names.map((n) => `${indent}  <T>${esc(n === "System.Object" ? n : this.prefix + n)}</T>`).join("\r\n");
    return `${indent}<TN RefId="${id}">\r\n${ts}\r\n${indent}</TN>`;
  }

  value(v: FxValue, n: string | undefined, indent: string): string {
    const attr = n === undefined ? "" : ` N="${esc(n)}"`;
    if (v === null) return `${indent}<Nil${attr} />`;
    if (typeof v === "boolean") return `${indent}<B${attr}>${v}</B>`;
    if (typeof v === "number") {
      if (!Number.isInteger(v)) return `${indent}<Db${attr}>${v}</Db>`;
      return Math.abs(v) > 2 ** 31 ? `${indent}<I64${attr}>${v}</I64>` : `${indent}<I32${attr}>${v}</I32>`;
    }
    if (typeof v === "string") return `${indent}<S${attr}>${esc(v)}</S>`;
    const inner = `${indent}  `;
    if ("date" in v) return `${indent}<DT${attr}>${v.date}</DT>`;
    if ("enum" in v) {
      const lines = [
        `${indent}<Obj${attr} RefId="${this.ref++}">`,
        this.tn([v.type, "System.Enum", "System.ValueType", "System.Object"], inner),
        `${inner}<ToString>${esc(v.enum)}</ToString>`,
      ];
      if (v.int !== undefined) lines.push(`${inner}<I32>${v.int}</I32>`);
      lines.push(`${indent}</Obj>`);
      return lines.join("\r\n");
    }
    if ("list" in v) {
      const head = [
        `${indent}<Obj${attr} RefId="${this.ref++}">`,
        this.tn([v.type ?? MVP_STRING, "Microsoft.Exchange.Data.MultiValuedPropertyBase", "System.Object"], inner),
      ];
      const items = v.list.map((item) => this.value(item, undefined, `${inner}  `));
      return [
        ...head,
        items.length === 0 ? `${inner}<LST />` : `${inner}<LST>\r\n${items.join("\r\n")}\r\n${inner}</LST>`,
        `${indent}</Obj>`,
      ].join("\r\n");
    }
    if ("credential" in v) {
      return [
        `${indent}<Obj${attr} RefId="${this.ref++}">`,
        this.tn(["System.Management.Automation.PSCredential", "System.Object"], inner),
        `${inner}<ToString>System.Management.Automation.PSCredential</ToString>`,
        `${inner}<Props>`,
        `${inner}  <S N="UserName">${esc(v.credential)}</S>`,
        `${inner}  <SS N="Password">01000000d08c9ddf0115d1118c7a00c04fc297eb</SS>`,
        `${inner}</Props>`,
        `${indent}</Obj>`,
      ].join("\r\n");
    }
    const lines = [
      `${indent}<Obj${attr} RefId="${this.ref++}">`,
      this.tn([v.type, "System.Object"], inner),
      `${inner}<ToString>${esc(v.text)}</ToString>`,
    ];
    if (v.props !== undefined) {
      lines.push(`${inner}<Props>`);
      for (const [k, pv] of Object.entries(v.props)) lines.push(this.value(pv, k, `${inner}  `));
      lines.push(`${inner}</Props>`);
    }
    lines.push(`${indent}</Obj>`);
    return lines.join("\r\n");
  }

  object(o: FxObject): string {
    const head = [`  <Obj RefId="${this.ref++}">`, this.tn(o.typeNames, "    ")];
    const props = Object.entries(o.props).map(([k, v]) => this.value(v, k, "      "));
    const section = o.members ? "MS" : "Props";
    return [
      ...head,
      `    <ToString>${esc(o.label)}</ToString>`,
      `    <${section}>`,
      ...props,
      `    </${section}>`,
      "  </Obj>",
    ].join("\r\n");
  }
}

/** Export-Clixml output (CR LF line ends; Exchange Online objects with the `Deserialized.` prefix). */
export function toClixml(exp: FxExport): string {
  const w = new ClixmlWriter(exp.environment === "online" ? "Deserialized." : "");
  const body = exp.objects.map((o) => w.object(o)).join("\r\n");
  return `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">\r\n${body}\r\n</Objs>`;
}

function jsonValue(v: FxValue, flavour: "onprem" | "online"): unknown {
  if (v === null || typeof v !== "object") return v;
  if ("date" in v) return flavour === "onprem" ? `/Date(${Date.parse(v.date)})/` : v.date;
  if ("enum" in v) return flavour === "onprem" && v.int !== undefined ? v.int : v.enum;
  if ("list" in v) return v.list.map((item) => (typeof item === "string" ? item : item.text));
  if ("credential" in v) return { UserName: v.credential, Password: "System.Security.SecureString" };
  return v.text;
}

/**
 * ConvertTo-Json output. `onprem`: Windows PowerShell 5.1 (enum numbers where known, `/Date()/`,
 * one list in the `{ value, Count }` wrapper); `online`: Exchange Online REST (names, ISO dates,
 * `@odata.type` side keys, and the `{ "value": [...] }` envelope when `envelope` is set).
 */
export function toJson(exp: FxExport, options: { envelope?: boolean } = {}): string {
  const objects = exp.objects.map((o) => {
    const out: Record<string, unknown> = {};
    let wrapped = false;
    for (const [k, v] of Object.entries(o.props)) {
      let value = jsonValue(v, exp.environment);
      if (exp.environment === "onprem" && !wrapped && Array.isArray(value) && value.length > 0) {
        value = { value, Count: value.length };
        wrapped = true;
      }
      out[k] = value;
      if (exp.environment === "online" && typeof value === "number") out[`${k}@odata.type`] = "#Int32";
    }
    return out;
  });
  if (options.envelope) {
    return JSON.stringify(
      { "@odata.context": "https://outlook.office365.com/adminapi/beta/$metadata", value: objects },
      null,
      2,
    );
  }
  return JSON.stringify(objects.length === 1 ? objects[0] : objects, null, 4);
}
