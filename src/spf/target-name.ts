/** Whether a domain or <target-name> can be evaluated or asked (RFC 7208 §4.3, §4.8). */
import { nameProblem } from "../dns/names.ts";

/**
 * §4.3: "If the <domain> is malformed (e.g., label longer than 63 characters, zero-length label
 * not at the end, etc.) or is not a multi-label domain name, ... check_host() immediately returns
 * the result "none"." The same test decides whether a mechanism's <target-name> can be asked (a
 * malformed one is treated as non-existent, without a query). Domain literals ("[192.0.2.1]")
 * and control or non-ASCII characters are malformed too; spaces are not (`%_` makes them, §7.1).
 */
export function targetProblem(domain: string): string | undefined {
  const known = memo.get(domain);
  if (known !== undefined) return known === "" ? undefined : known;
  const problem = findProblem(domain);
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(domain, problem ?? "");
  return problem;
}

/** Recent answers (the same includes and hosts come back in every check of a bulk audit). */
const memo = new Map<string, string>();
const MEMO_SIZE = 10_000;

function findProblem(domain: string): string | undefined {
  if (domain.startsWith("[")) return "a domain literal is not a domain name";
  if (!/^[\x20-\x7e]+$/.test(domain)) return "it contains control or non-ASCII characters";
  const problem = nameProblem(domain);
  if (problem !== undefined) return problem;
  if (!domain.includes(".")) return "it is not a multi-label domain name";
  return undefined;
}
