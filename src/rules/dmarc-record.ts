/**
 * Writing DMARC records for fixes: a record's tags edited in place (`p`, `rua`, `t`...), the
 * others kept in their order (RFC 9989 §4.7: `v=DMARC1` first; tags separated by `;`).
 */

/** The tags of a record, in order (`v` first), as [name, value] pairs; malformed parts are dropped. */
export function dmarcTags(record: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of record.split(";")) {
    const m = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(part);
    if (m === null) continue;
    const name = (m[1] ?? "").toLowerCase();
    if (out.some(([n]) => n === name)) continue;
    out.push([name, m[2] ?? ""]);
  }
  return out;
}

/**
 * A DMARC record from `base` (or a new one) with `set` tags set (added after `p` when new) and
 * `drop` tags removed. `v=DMARC1` and `p` come first.
 */
export function editDmarc(
  base: string | undefined,
  set: Readonly<Record<string, string>>,
  drop: readonly string[] = [],
): string {
  const tags = dmarcTags(base ?? "").filter(([n]) => n !== "v" && !drop.includes(n) && !(n in set));
  const p = set.p ?? tags.find(([n]) => n === "p")?.[1] ?? "none";
  const rest = tags.filter(([n]) => n !== "p");
  const added = Object.entries(set).filter(([n]) => n !== "p" && n !== "v");
  return ["v=DMARC1", `p=${p}`, ...added.map(([n, v]) => `${n}=${v}`), ...rest.map(([n, v]) => `${n}=${v}`)].join("; ");
}
