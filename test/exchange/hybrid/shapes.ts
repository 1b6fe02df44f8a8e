/** Shorthands for the hybrid organisation's source (`source.ts`): Exchange type names and value shapes. */
import type { FxValue } from "./writers.ts";

export const SC = "Microsoft.Exchange.Data.Directory.SystemConfiguration";
export const MVP = (t: string) =>
  `Microsoft.Exchange.Data.MultiValuedProperty\`1[[${t}, Microsoft.Exchange.Data, Version=15.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35]]`;
export const ADOBJ = "Microsoft.Exchange.Data.Directory.ADObjectId";
export const SIZE = "Microsoft.Exchange.Data.ByteQuantifiedSize";
export const UNLIMITED_SIZE =
  "Microsoft.Exchange.Data.Unlimited`1[[Microsoft.Exchange.Data.ByteQuantifiedSize, Microsoft.Exchange.Data, Version=15.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35]]";

export const list = (items: string[], type?: string): FxValue =>
  type === undefined ? { list: items } : { list: items, type };
export const objList = (items: string[], itemType: string, listType: string): FxValue => ({
  list: items.map((text) => ({ text, type: itemType })),
  type: MVP(listType),
});
export const e = (name: string, type: string, int?: number): FxValue =>
  int === undefined ? { enum: name, type } : { enum: name, type, int };
export const fqdn = (name: string): FxValue => ({
  text: name,
  type: "Microsoft.Exchange.Data.Fqdn",
  props: { Domain: name },
});
export const size = (text: string): FxValue => ({ text, type: UNLIMITED_SIZE });
export const x509 = (issuer: string, subject: string): FxValue => ({
  text: `<I>${issuer}<S>${subject}`,
  type: "Microsoft.Exchange.Data.SmtpX509Identifier",
  props: { CertificateIssuer: issuer, CertificateSubject: subject },
});
export const spaces = (...s: string[]): FxValue => ({
  list: s.map((text) => ({ text, type: "Microsoft.Exchange.Data.AddressSpace" })),
  type: MVP("Microsoft.Exchange.Data.AddressSpace"),
});
export const smartHosts = (...h: string[]): FxValue =>
  objList(h, "Microsoft.Exchange.Data.SmartHost", "Microsoft.Exchange.Data.SmartHost");
export const servers = (...s: string[]): FxValue => objList(s, ADOBJ, ADOBJ);
export const ranges = (...r: string[]): FxValue =>
  objList(r, "Microsoft.Exchange.Data.IPRange", "Microsoft.Exchange.Data.IPRange");
export const bindings = (...b: string[]): FxValue =>
  objList(b, "Microsoft.Exchange.Data.IPBinding", "Microsoft.Exchange.Data.IPBinding");
export const LETS_ENCRYPT = "CN=R3, O=Let's Encrypt, C=US";
