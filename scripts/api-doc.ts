/**
 * docs/api.md, generated from the entry points themselves: for the package root and each subpath,
 * its summary (the barrel's first doc comment paragraph), its runtime names (what `import` gives)
 * and its type names (read from the barrel's `export type` lists and `type X` specifiers).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SUBPATHS } from "../test/package/entry-points.ts";

const root = join(import.meta.dirname, "..");

/** Type-only names a barrel exports (`export type { A, B }` and `type C` inside `export { }`). */
function typeNames(source: string): string[] {
  const out = new Set<string>();
  for (const m of source.matchAll(/export\s+type\s*\{([^}]*)\}/g))
    for (const n of (m[1] ?? "").split(",")) if (n.trim() !== "") out.add(n.trim());
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
    for (const n of (m[1] ?? "").split(",")) {
      const t = /^\s*type\s+(\w+)/.exec(n)?.[1];
      if (t !== undefined) out.add(t);
    }
  return [...out].sort((a, b) => a.localeCompare(b));
}

/** The first paragraph of the barrel's leading doc comment, as one line. */
function summary(source: string): string {
  const comment = /^\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? "";
  const lines = comment.split("\n").map((l) => l.replace(/^\s*\*\s?/, ""));
  const paragraph: string[] = [];
  for (const line of lines) {
    if (line.trim() === "") {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(line.trim());
  }
  return paragraph.join(" ");
}

const list = (names: readonly string[]) => (names.length === 0 ? "none" : names.map((n) => `\`${n}\``).join(", "));

export async function renderApiDoc(): Promise<string> {
  const lines = [
    "# Public API",
    "",
    "Everything the package exports, by entry point. The root holds what a service needs; each",
    'protocol and input has its own subpath (`import { checkHost } from "email-auth-audit/spf"`).',
    "A name is exported from one entry point, except the resolvers, which the root re-exports from",
    "`/dns`. `test/package/exports.test.ts` checks this page, the root's list and the packed package.",
    "",
  ];
  for (const entry of ["", ...SUBPATHS]) {
    const file = join(root, "src", entry === "" ? "index.ts" : `${entry}/index.ts`);
    const source = readFileSync(file, "utf8");
    const runtime = Object.keys((await import(file)) as object).sort((a, b) => a.localeCompare(b));
    const types = typeNames(source).filter((t) => !runtime.includes(t));
    lines.push(
      `## \`email-auth-audit${entry === "" ? "" : `/${entry}`}\``,
      "",
      summary(source),
      "",
      `Values: ${list(runtime)}.`,
      "",
      `Types: ${list(types)}.`,
      "",
    );
  }
  lines.push("<!-- Generated from the entry points by `npm run docs`; do not edit. -->", "");
  return lines.join("\n");
}
