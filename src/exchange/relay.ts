/**
 * Who may relay through Exchange Server: the receive connectors that let a sender reach any
 * recipient (the extended right `ms-Exch-SMTP-Accept-Any-Recipient`), and from which addresses.
 * Relay is granted two ways (https://learn.microsoft.com/exchange/mail-flow/connectors/allow-anonymous-relay):
 * anonymously, by the AD permission `NT AUTHORITY\ANONYMOUS LOGON` → `ms-Exch-SMTP-Accept-Any-Recipient`
 * (`Get-ReceiveConnector | Get-ADPermission`), or as "externally secured", by `AuthMechanism`
 * `ExternalAuthoritative` with `PermissionGroups` `ExchangeServers` (which also bypasses anti-spam).
 * Receive connector permissions: https://learn.microsoft.com/exchange/receive-connector-permissions-exchange-2013-help.
 */
import { parseCidr } from "../common/cidr.ts";
import { difference, type IpSet, intersection, setFromCidrs, setToStrings } from "../common/ip-set.ts";
import { isWholeFamily, rangeSets, setSize } from "./ip-range.ts";
import type { ExchangeConfig } from "./types.ts";
import type { AdPermission, ReceiveConnector } from "./types-onprem.ts";

const RELAY_RIGHT = "ms-exch-smtp-accept-any-recipient";

/** Networks that are never the internet (RFC 6890): private, shared, loopback, link-local, "this network", unique local. */
const OWN_V4 = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
];
const OWN_V6 = ["::/128", "::1/128", "fc00::/7", "fe80::/10"];
const cidrs = (list: string[]) => list.flatMap((t) => parseCidr(t) ?? []);
const PRIVATE = { v4: setFromCidrs(4, cidrs(OWN_V4)), v6: setFromCidrs(6, cidrs(OWN_V6)) };

/** A block of consecutive public addresses larger than this is wider than "the admin's own hosts" (a /24, an IPv6 /64). */
export const WIDE_PUBLIC = { v4: 256n, v6: 1n << 64n } as const;

/** What a connector's `RemoteIPRanges` cover. */
export interface RemoteRangeClass {
  /** Families whose every address is covered (`0.0.0.0-255.255.255.255`, `::/0`). */
  everyone: ("IPv4" | "IPv6")[];
  /** The blocks of consecutive public addresses larger than {@link WIDE_PUBLIC}, as CIDR networks. */
  widePublic: string[];
  /** How many public addresses are covered, per family (decimal text). */
  publicAddresses: { v4: string; v6: string };
  /** Entries that are not ranges. */
  invalid: string[];
}

function publicPart(set: IpSet, own: IpSet): IpSet {
  return difference(set, intersection(set, own));
}

/** Classifies a connector's remote ranges: everyone, wide public ranges, or the admin's own hosts. */
export function classifyRemoteRanges(texts: readonly string[]): RemoteRangeClass {
  const sets = rangeSets(texts);
  const everyone: RemoteRangeClass["everyone"] = [];
  if (sets.v4.ranges.length > 0 && isWholeFamily(sets.v4)) everyone.push("IPv4");
  if (sets.v6.ranges.length > 0 && isWholeFamily(sets.v6)) everyone.push("IPv6");
  const p4 = publicPart(sets.v4, PRIVATE.v4);
  const p6 = publicPart(sets.v6, PRIVATE.v6);
  const n4 = setSize(p4);
  const n6 = setSize(p6);
  const wide = (set: IpSet, limit: bigint): IpSet => ({
    family: set.family,
    ranges: set.ranges.filter(([start, end]) => end - start + 1n > limit),
  });
  const widePublic = [...setToStrings(wide(p4, WIDE_PUBLIC.v4)), ...setToStrings(wide(p6, WIDE_PUBLIC.v6))];
  return {
    everyone,
    widePublic,
    publicAddresses: { v4: n4.toString(), v6: n6.toString() },
    invalid: sets.invalid.map((i) => i.text),
  };
}

/** The default receive connectors' names, without the server name that follows them (ODE receive-connectors). */
const DEFAULT_NAMES = [
  "Default Frontend",
  "Default",
  "Client Frontend",
  "Client Proxy",
  "Outbound Proxy Frontend",
  "Default internal receive connector",
];

/** Whether a connector is one Exchange setup creates ("Default Frontend EX01", "Default EX01"...). */
export function isDefaultReceiveConnector(c: ReceiveConnector): boolean {
  const name = (c.Name ?? c.Identity?.split("\\").pop() ?? "").trim();
  const server = (c.Server ?? c.Identity?.split("\\")[0] ?? "").trim();
  return DEFAULT_NAMES.some((base) => {
    if (server !== "" && name.toLowerCase() === `${base} ${server}`.toLowerCase()) return true;
    // Without the server's name: the base followed by one word (server names hold no spaces).
    return server === "" && new RegExp(`^${base} \\S+$`, "i").test(name);
  });
}

/** The connector a `Get-ADPermission` entry's `Identity` names, or why none (or several) match. */
export type ConnectorMatch =
  | { connector: ReceiveConnector }
  | { connector?: undefined; reason: "none" | "ambiguous"; candidates: ReceiveConnector[] };

const lc = (s: string | null | undefined) => (s ?? "").trim().toLowerCase();

/** The `CN=` values of a distinguished name, most specific first (`\,` escapes kept as commas). */
function dnNames(dn: string): string[] {
  return dn
    .split(/(?<!\\),/)
    .map((p) => p.trim())
    .filter((p) => /^cn=/i.test(p))
    .map((p) => p.slice(3).replace(/\\(.)/g, "$1"));
}

/**
 * Matches a permission's `Identity` to its receive connector: as `SERVER\Name` (how
 * `Get-ADPermission` shows receive connectors), as the connector's distinguished name
 * (`CN=Name,CN=SMTP Receive Connectors,CN=Protocols,CN=SERVER,...`), or by the name alone when only
 * one connector has it. Case-insensitive.
 */
export function matchReceiveConnector(identity: string, connectors: readonly ReceiveConnector[]): ConnectorMatch {
  const id = lc(identity);
  if (id === "") return { reason: "none", candidates: [] };
  const exact = connectors.filter(
    (c) => lc(c.Identity) === id || (c.DistinguishedName != null && lc(c.DistinguishedName) === id),
  );
  if (exact.length === 1) return { connector: exact[0] as ReceiveConnector };
  if (exact.length > 1) return { reason: "ambiguous", candidates: exact };
  let name = id;
  let server = "";
  if (id.startsWith("cn=")) {
    const names = dnNames(identity).map(lc);
    name = names[0] ?? "";
    // CN=Name,CN=SMTP Receive Connectors,CN=Protocols,CN=SERVER
    if (names[1] === "smtp receive connectors" && names[2] === "protocols") server = names[3] ?? "";
  } else if (id.includes("\\")) {
    [server = "", name = ""] = [id.slice(0, id.lastIndexOf("\\")), id.slice(id.lastIndexOf("\\") + 1)];
  }
  const byName = connectors.filter((c) => {
    const cName = lc(c.Name ?? c.Identity?.split("\\").pop());
    const cServer = lc(c.Server ?? (c.Identity?.includes("\\") ? c.Identity.split("\\")[0] : ""));
    return cName === name && (server === "" || cServer === "" || cServer === server);
  });
  if (byName.length === 1) return { connector: byName[0] as ReceiveConnector };
  return { reason: byName.length === 0 ? "none" : "ambiguous", candidates: byName };
}

/** How a connector grants relay. */
export interface RelayGrant {
  connector: ReceiveConnector;
  /** `anonymous`: the AD permission to ANONYMOUS LOGON; `externally-secured`: ExternalAuthoritative with ExchangeServers (or the permission to Externally Secured Servers). */
  kind: "anonymous" | "externally-secured";
  /** The permission entries that grant it (none for the connector's own settings). */
  permissions: AdPermission[];
}

const isAnonymous = (user: string) => /(^|\\)anonymous logon$/i.test(user.trim()) || user.trim() === "S-1-5-7";
const isExternallySecured = (user: string) => /(^|\\)externally secured servers$/i.test(user.trim());
const grantsRelay = (p: AdPermission) => (p.ExtendedRights ?? []).some((r) => lc(r) === RELAY_RIGHT);

/** Relay grants per receive connector, and the permission entries that match no exported connector. */
export function relayGrants(config: ExchangeConfig): { grants: RelayGrant[]; unmatched: AdPermission[] } {
  const grants: RelayGrant[] = [];
  const unmatched: AdPermission[] = [];
  const byConnector = new Map<ReceiveConnector, { allow: AdPermission[]; deny: AdPermission[] }>();
  for (const p of config.adPermissions) {
    const user = p.User ?? "";
    if (!grantsRelay(p) || !(isAnonymous(user) || isExternallySecured(user))) continue;
    const match = matchReceiveConnector(p.Identity ?? "", config.receiveConnectors);
    if (match.connector === undefined) {
      unmatched.push(p);
      continue;
    }
    const entry = byConnector.get(match.connector) ?? { allow: [], deny: [] };
    (p.Deny === true ? entry.deny : entry.allow).push(p);
    byConnector.set(match.connector, entry);
  }
  for (const c of config.receiveConnectors) {
    const entry = byConnector.get(c);
    // A deny entry for the same principal wins over an allow (Windows ACL evaluation).
    const allowed = (entry?.allow ?? []).filter((a) => !entry?.deny.some((d) => lc(d.User) === lc(a.User)));
    const anonymous = allowed.filter((p) => isAnonymous(p.User ?? ""));
    const secured = allowed.filter((p) => isExternallySecured(p.User ?? ""));
    const auth = (c.AuthMechanism ?? []).map(lc);
    const groups = (c.PermissionGroups ?? []).map(lc);
    const externalAuthoritative = auth.includes("externalauthoritative") && groups.includes("exchangeservers");
    if (anonymous.length > 0) grants.push({ connector: c, kind: "anonymous", permissions: anonymous });
    if (externalAuthoritative || secured.length > 0)
      grants.push({ connector: c, kind: "externally-secured", permissions: secured });
  }
  return { grants, unmatched };
}
