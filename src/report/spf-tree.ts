/**
 * A domain's SPF include/redirect tree flattened into rows for the formatters, depth first, with
 * the lookups each node's own record costs and the total below it (RFC 7208 §4.6.4 counts the
 * DNS-querying terms `include`, `a`, `mx`, `ptr`, `exists` and the `redirect` modifier; at most 10).
 */
import type { SpfTreeNode } from "../audit/report-types.ts";

/** The RFC 7208 §4.6.4 limit on DNS-querying terms in one SPF evaluation (defined once, in src/spf). */
export { SPF_LOOKUP_LIMIT } from "../spf/limits.ts";

/** Rows are bounded: a tree from a hostile or hand-edited report cannot make a formatter loop. */
const MAX_DEPTH = 24;
const MAX_ROWS = 500;

/** One node as a row. */
export interface SpfTreeRow {
  depth: number;
  node: SpfTreeNode;
  /** `include:spf.protection.outlook.com`, `redirect=_spf.example.com`, or the root domain. */
  label: string;
  /** Whether this is the last child of its parent (for drawing `└─`). */
  last: boolean;
  /** For each ancestor level, whether a later sibling follows (for drawing `│`). */
  rails: boolean[];
}

/** The label of a node as the parent's record names it. */
export function nodeLabel(node: SpfTreeNode): string {
  if (node.via === "include") return `include:${node.domain}`;
  if (node.via === "redirect") return `redirect=${node.domain}`;
  return node.domain;
}

/** Flattens a tree; `truncated` says rows were cut at the depth or row bound. */
export function spfTreeRows(root: SpfTreeNode): { rows: SpfTreeRow[]; truncated: boolean } {
  const rows: SpfTreeRow[] = [];
  let truncated = false;
  const visit = (node: SpfTreeNode, depth: number, last: boolean, rails: boolean[]) => {
    if (rows.length >= MAX_ROWS || depth > MAX_DEPTH) {
      truncated = true;
      return;
    }
    rows.push({ depth, node, label: nodeLabel(node), last, rails });
    const children = Array.isArray(node.children) ? node.children : [];
    children.forEach((child, i) =>
      visit(child, depth + 1, i === children.length - 1, depth === 0 ? [] : [...rails, !last]),
    );
  };
  visit(root, 0, true, []);
  return { rows, truncated };
}

/** `1 lookup`, `3 lookups`. */
export function lookups(n: number): string {
  return `${n} lookup${n === 1 ? "" : "s"}`;
}

/** The rails and branch drawn before a row: `│  ├─ `, `   └─ `, nothing for the root. */
export function treePrefix(row: SpfTreeRow): string {
  if (row.depth === 0) return "";
  return row.rails.map((more) => (more ? "│  " : "   ")).join("") + (row.last ? "└─ " : "├─ ");
}
