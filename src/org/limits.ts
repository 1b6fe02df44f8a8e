/**
 * Bounds on an organisation description, so that a hostile or runaway file (millions of domains, an
 * alias bomb, a 6 MB YAML file that parses into gigabytes) is one clear problem, not an exhausted
 * process. The CLI and the library read descriptions through the same code (`readOrgFile`,
 * `loadOrg`), so the same limits hold everywhere; docs/security.md states them.
 */
import { problemAt } from "./problems.ts";
import type { OrgProblem } from "./types.ts";

/** The limits. */
export const ORG_LIMITS = Object.freeze({
  /** Bytes of a JSON description file (and characters of JSON text). */
  jsonBytes: 4 * 1024 * 1024,
  /** Bytes of a YAML description file: parsing YAML costs about a hundred times its size in memory. */
  yamlBytes: 2 * 1024 * 1024,
  /** YAML aliases expanded (`*name`), against "billion laughs" documents. */
  aliases: 100,
  /** `domains` entries. */
  domains: 10_000,
  /** `paths` entries. */
  paths: 10_000,
  /** `smartHosts` entries. */
  smartHosts: 1_000,
  /** `providers` entries. */
  providers: 1_000,
  /** `from` domains of all paths together, IP addresses of all smart hosts and paths together. */
  references: 100_000,
  /** Problems a message lists; the rest are counted ("... and 24,980 more"). */
  problemsShown: 20,
});

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** Sum of the lengths of `key` arrays in every item of a list. */
function nested(list: unknown, key: string): number {
  if (!Array.isArray(list)) return 0;
  let sum = 0;
  for (const item of list) sum += lengthOf(field(item, key));
  return sum;
}

/**
 * The count limits a parsed description breaks, checked before its schema (so that a huge list is
 * one problem, found in time linear in the lists, not one problem per entry). Never throws.
 */
export function countProblems(value: unknown): OrgProblem[] {
  const problems: OrgProblem[] = [];
  const over = (pointer: string, what: string, count: number, max: number) => {
    if (count > max)
      problems.push(
        problemAt(
          pointer,
          `lists ${count.toLocaleString("en-US")} ${what}; at most ${max.toLocaleString("en-US")} are read`,
          undefined,
          `at most ${max.toLocaleString("en-US")} ${what} (split the description)`,
        ),
      );
  };
  over("/domains", "domains", lengthOf(field(value, "domains")), ORG_LIMITS.domains);
  over("/paths", "paths", lengthOf(field(value, "paths")), ORG_LIMITS.paths);
  over("/smartHosts", "smart hosts", lengthOf(field(value, "smartHosts")), ORG_LIMITS.smartHosts);
  over("/providers", "providers", lengthOf(field(value, "providers")), ORG_LIMITS.providers);
  const paths = field(value, "paths");
  const directIps = Array.isArray(paths)
    ? paths.reduce((sum: number, p: unknown) => sum + lengthOf(field(field(field(p, "via"), "direct"), "ips")), 0)
    : 0;
  const references =
    nested(paths, "from") + nested(paths, "dkim") + directIps + nested(field(value, "smartHosts"), "ips");
  over("", "From domains, DKIM signatures and IP addresses in all", references, ORG_LIMITS.references);
  return problems;
}

/** The first problems as lines, and `... and 24,980 more` for the rest. */
export function problemLines(lines: readonly string[], shown: number = ORG_LIMITS.problemsShown): string[] {
  if (lines.length <= shown) return [...lines];
  return [...lines.slice(0, shown), `... and ${(lines.length - shown).toLocaleString("en-US")} more`];
}
