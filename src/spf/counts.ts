/**
 * The counts a receiver makes for a client that matches nothing (the worst case, RFC 7208
 * §4.6.4): DNS-querying terms and where the 10th is passed, void lookups per client family, MX and
 * PTR terms, loops, duplicate includes and dynamic terms, walking the tree in evaluation order.
 * The walk assumes every lookup succeeds: errors are reported as findings, not as a stop. Dynamic
 * terms (macros, ptr) count the void lookup such a client makes at worst (see tree.ts).
 */
import type { SpfAnalysis, SpfTermAnalysis, SpfTermRef, SpfTreeNode } from "./analysis-types.ts";

/** The counting part of an analysis. */
export type SpfCounts = Pick<
  SpfAnalysis,
  "lookups" | "voidLookups" | "mx" | "ptr" | "loops" | "duplicateIncludes" | "dynamic"
>;

function ref(node: SpfTreeNode, t: SpfTermAnalysis): SpfTermRef {
  return { domain: node.domain, term: t.term.text, position: t.term.position, path: node.path };
}

/** Walks the tree as a receiver evaluates it and counts. */
export function countTree(
  root: SpfTreeNode,
  limits: { maxDnsLookups: number; maxVoidLookups: number; maxMxNames: number },
): SpfCounts {
  const counts: SpfCounts = {
    lookups: { count: 0, limit: limits.maxDnsLookups, exceeded: false, unbounded: false },
    voidLookups: { ipv4: 0, ipv6: 0, limit: limits.maxVoidLookups, exceeded: false, terms: [] },
    mx: [],
    ptr: [],
    loops: [],
    duplicateIncludes: [],
    dynamic: [],
  };
  const targets = new Map<string, number>();
  const walk = (node: SpfTreeNode): void => {
    if (node.status === "loop") {
      counts.lookups.unbounded = true;
      counts.lookups.exceeded = true;
      counts.loops.push(node.path);
      return;
    }
    for (const t of node.terms) {
      if (!t.reachable) continue;
      if (t.countsLookup) {
        counts.lookups.count++;
        if (counts.lookups.count === limits.maxDnsLookups + 1) {
          counts.lookups.exceeded = true;
          counts.lookups.exceededAt = ref(node, t);
        }
      }
      if (t.voidLookups !== undefined && (t.voidLookups.ipv4 > 0 || t.voidLookups.ipv6 > 0)) {
        counts.voidLookups.ipv4 += t.voidLookups.ipv4;
        counts.voidLookups.ipv6 += t.voidLookups.ipv6;
        const families: ("ipv4" | "ipv6")[] = [];
        if (t.voidLookups.ipv4 > 0) families.push("ipv4");
        if (t.voidLookups.ipv6 > 0) families.push("ipv6");
        const name =
          t.term.kind === "mechanism" && t.term.mechanism === "ptr"
            ? "the client's PTR name"
            : (t.target ?? (t.term.kind === "mechanism" ? t.term.domainSpec : undefined) ?? node.domain);
        const entry: SpfCounts["voidLookups"]["terms"][number] = { ...ref(node, t), name, families };
        if (t.voidWorstCase !== undefined) entry.dynamic = t.voidWorstCase;
        counts.voidLookups.terms.push(entry);
      }
      if (t.term.kind === "mechanism" && t.term.mechanism === "mx" && t.mxNames !== undefined) {
        counts.mx.push({ ...ref(node, t), names: t.mxNames, exceeded: t.mxNames > limits.maxMxNames });
      }
      if (t.term.kind === "mechanism" && t.term.mechanism === "ptr") counts.ptr.push(ref(node, t));
      if (t.dynamic !== undefined) counts.dynamic.push({ ...ref(node, t), reason: t.dynamic });
      if (t.child !== undefined) {
        targets.set(t.child.domain, (targets.get(t.child.domain) ?? 0) + 1);
        walk(t.child);
      }
    }
  };
  walk(root);
  const max = limits.maxVoidLookups;
  counts.voidLookups.exceeded = counts.voidLookups.ipv4 > max || counts.voidLookups.ipv6 > max;
  counts.duplicateIncludes = [...targets].filter(([, n]) => n > 1).map(([domain, count]) => ({ domain, count }));
  return counts;
}
