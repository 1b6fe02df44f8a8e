/**
 * The values an export holds before they are read as Exchange properties: what `Export-Clixml`
 * (MS-PSRP §2.2.5) and `ConvertTo-Json` both reduce to. A PowerShell object keeps its type names,
 * its `ToString()` text (CLIXML only), an inner primitive (an enum's integer) and its properties;
 * property names are matched without case, as PowerShell does. Internal to the reader.
 */

/** A value of an export: a primitive, a list, or an object. */
export type PsValue = null | boolean | number | string | PsValue[] | PsObject;

/** A PowerShell object as serialised. */
export interface PsObject {
  /** The type names, most derived first, without the `Deserialized.` prefix of remoting. */
  typeNames: string[];
  /** The `<ToString>` text, when the export has one. */
  text?: string;
  /** A primitive held directly by the object: the integer of an enum, a dictionary's entries... */
  inner?: PsValue;
  /** The properties, keyed by lower-cased name. */
  props: Map<string, PsProperty>;
}

/** One property, with its name as written. */
export interface PsProperty {
  name: string;
  value: PsValue;
}

/** Creates an object with no properties. */
export function psObject(typeNames: string[] = []): PsObject {
  return { typeNames, props: new Map() };
}

/** Sets a property unless one of that name (in any case) is already set. */
export function setProp(obj: PsObject, name: string, value: PsValue): void {
  const key = name.toLowerCase();
  if (!obj.props.has(key)) obj.props.set(key, { name, value });
}

/** A property's value, or undefined when the object has no such property. */
export function getProp(obj: PsObject, name: string): PsValue | undefined {
  return obj.props.get(name.toLowerCase())?.value;
}

/** Whether a value is a {@link PsObject}. */
export function isPsObject(value: PsValue | undefined): value is PsObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The type names without the `Deserialized.` prefix that PowerShell remoting adds. */
export function plainTypeName(name: string): string {
  return name.startsWith("Deserialized.") ? name.slice("Deserialized.".length) : name;
}

/**
 * The short name of a type: the last dotted segment before any generic arguments and after any
 * nested-type `+` (`Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig`
 * gives `SmtpSendConnectorConfig`).
 */
export function shortTypeName(name: string): string {
  const plain = plainTypeName(name);
  const generic = plain.indexOf("`");
  const base = generic >= 0 ? plain.slice(0, generic) : plain;
  const dot = base.lastIndexOf(".");
  return base.slice(dot + 1);
}

/** A short description of a value for messages: `"abc"`, `42`, `an object (Foo)`, `a list of 3`. */
export function describeValue(value: PsValue | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  const type = value.typeNames[0];
  if (value.text !== undefined) return describeValue(value.text);
  const keys = [...value.props.values()].slice(0, 5).map((p) => p.name);
  return `an object${type ? ` (${shortTypeName(type)})` : ""}${keys.length ? ` with ${keys.join(", ")}` : ""}`;
}
