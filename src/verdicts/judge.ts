/** Verdicts for every gathered path: the facts the rules read. */
import type { AuditContext } from "../facts/context.ts";
import type { GatheredFacts } from "../facts/types.ts";
import { judgePath } from "./path.ts";
import type { AuditFacts } from "./types.ts";

/** Judges every path of `facts` (concurrently; the DNS they still need is cached). */
export async function judge(facts: GatheredFacts, ctx: AuditContext): Promise<AuditFacts> {
  const paths = await Promise.all(facts.paths.map((p) => judgePath(p, ctx)));
  return { ...facts, paths };
}
