/**
 * Renders `docs/providers.md` from the catalog entries, so the documentation cannot drift from the
 * data: `node --no-warnings scripts/providers-doc.ts` writes it, and
 * `test/providers/docs.test.ts` fails when the checked-in file is stale.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { CHECKED_ON } from "../src/providers/catalog/sources.ts";
import { providerCatalog } from "../src/providers/registry.ts";
import type { FactSource, ProviderCatalog, ProviderEntry, SettingCondition, Sourced } from "../src/providers/types.ts";

const RANK = { C: 0, O: 1, S: 2, U: 3 } as const;

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** Prose from the catalog: angle brackets would be taken for HTML. */
function prose(text: string): string {
  return text.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function code(text: string): string {
  return `\`${text}\``;
}

function source(s: FactSource): string {
  const when = s.checked === null ? "not re-checked" : s.checked;
  const detail = s.note === undefined ? "" : ` (${prose(s.note)})`;
  return `[${s.confidence}, ${when}](${s.url})${detail}`;
}

/** ` A note.` or nothing. */
function note(text: string | undefined): string {
  return text === undefined ? "" : ` ${prose(text)}`;
}

function sources(fact: Sourced): string {
  return fact.sources.map(source).join("; ");
}

/** The confidence of a fact: the best of its sources (each source keeps its own tag). */
function confidence(fact: Sourced): string {
  const tags = [...new Set(fact.sources.map((s) => s.confidence))].sort((a, b) => RANK[a] - RANK[b]);
  return tags.join(", ");
}

function when(conditions: readonly SettingCondition[] | undefined): string {
  if (conditions === undefined) return "";
  return conditions
    .map((c) => {
      if (c.in !== undefined) return `${c.setting} ∈ {${c.in.join(", ")}}`;
      return c.present === true ? `${c.setting} given` : `${c.setting} not given`;
    })
    .join(" and ");
}

function table(header: string[], rows: string[][]): string[] {
  if (rows.length === 0) return ["None.", ""];
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
    "",
  ];
}

function envelopeSummary(e: ProviderEntry): string {
  const d = e.mailFrom.default;
  return d.kind === "sender" ? "sender's own" : `${d.subdomains === true ? "below " : ""}${code(d.domain ?? "?")}`;
}

function signsWithOwn(e: ProviderEntry): string {
  const values = [
    ...new Set(
      e.dkim.defaultSigning.map((d) =>
        d.signsWithOwnDomain === null ? "unknown" : d.signsWithOwnDomain ? "yes" : "no",
      ),
    ),
  ];
  return values.join(" / ");
}

function overview(catalog: ProviderCatalog): string[] {
  return table(
    [
      "Id",
      "Provider",
      "Kind",
      "SPF terms",
      "DKIM selectors",
      "Default envelope",
      "Custom envelope",
      "Own DKIM domain until set up",
    ],
    catalog.entries.map((e) => [
      code(e.id),
      e.name,
      e.kind,
      [
        ...e.spf.includes.filter((i) => i.legacy !== true).map((i) => `include:${i.domain}`),
        ...e.spf.mechanisms.map((m) => m.term),
      ]
        .map(code)
        .join(", ") || "none",
      [...new Set(e.dkim.selectors.filter((s) => s.legacy !== true).map((s) => s.selector))].map(code).join(", ") ||
        "not documented",
      envelopeSummary(e),
      e.mailFrom.custom.supported === null
        ? "unknown"
        : e.mailFrom.custom.supported
          ? `yes (${code(e.mailFrom.custom.setting ?? "?")})`
          : "no",
      signsWithOwn(e),
    ]),
  );
}

function entrySection(e: ProviderEntry): string[] {
  const lines = [`## ${e.name} (${code(e.id)})`, "", `Kind: ${e.kind}.`, "", prose(e.summary), ""];

  lines.push("### Settings", "");
  lines.push(
    ...table(
      ["Setting", "Required", "Example", "Values", "Description"],
      Object.entries(e.settings).map(([name, s]) => [
        code(name),
        s.required ? "yes" : "no",
        code(s.example),
        s.enum !== undefined
          ? s.enum.map(code).join(", ") + (s.default === undefined ? "" : ` (default ${code(s.default)})`)
          : s.pattern !== undefined
            ? code(`/${s.pattern}/`)
            : "any",
        prose(s.description),
      ]),
    ),
  );
  const assigned = Object.entries(e.assigned ?? {});
  if (assigned.length > 0) {
    lines.push("Values the provider assigns (they match any DNS label):", "");
    for (const [name, description] of assigned) lines.push(`- ${code(`{${name}}`)}: ${prose(description)}`);
    lines.push("");
  }

  lines.push("### SPF", "");
  const placed = e.spf.publishedOn;
  lines.push(`Published on: **${placed.on}**.${note(placed.note)} Sources: ${sources(placed)}.`, "");
  lines.push(
    ...table(
      ["Term", "When", "Group (alternatives)", "Legacy", "Confidence", "Sources", "Note"],
      [...e.spf.includes.map((i) => ({ ...i, term: `include:${i.domain}` })), ...e.spf.mechanisms].map((t) => [
        code(t.term),
        when(t.when),
        t.group ?? "",
        t.legacy === true ? "yes" : "",
        confidence(t),
        sources(t),
        prose(t.note ?? ""),
      ]),
    ),
  );

  lines.push("### Envelope (MAIL FROM)", "");
  const d = e.mailFrom.default;
  const defaultText =
    d.kind === "sender"
      ? "the sender's own address (the From domain)"
      : `${code(d.domain ?? "?")}${d.subdomains === true ? " or a subdomain of it" : ""}`;
  lines.push(`- Default: ${defaultText} (${confidence(d)}).${note(d.note)} Sources: ${sources(d)}.`);
  const c = e.mailFrom.custom;
  const customText =
    c.supported === null
      ? "unknown"
      : c.supported
        ? `possible${c.setting === undefined ? "" : `, named by setting ${code(c.setting)}`}`
        : "not possible";
  lines.push(`- Custom: ${customText} (${confidence(c)}).${note(c.note)} Sources: ${sources(c)}.`);
  for (const r of c.dns) {
    const alternatives = r.alternatives === undefined ? "" : ` (or ${r.alternatives.map(code).join(", ")})`;
    lines.push(`  - ${r.type} ${code(r.name)} → ${code(r.value)}${alternatives}.${note(r.note)}`);
  }
  lines.push("");

  lines.push("### DKIM", "");
  if (e.dkim.signingDomainSetting !== undefined)
    lines.push(
      `Signing domain: the ${code(e.dkim.signingDomainSetting)} setting when given, else the From domain.`,
      "",
    );
  lines.push(
    ...table(
      ["Selector", "Record", "CNAME targets", "When", "Legacy", "Confidence", "Sources", "Note"],
      e.dkim.selectors.map((s) => [
        code(s.selector),
        s.record,
        (s.targets ?? []).map(code).join("<br>"),
        when(s.when),
        s.legacy === true ? "yes" : "",
        confidence(s),
        sources(s),
        prose(s.note ?? ""),
      ]),
    ),
  );
  for (const s of e.dkim.defaultSigning) {
    const own =
      s.signsWithOwnDomain === null
        ? "unknown"
        : s.signsWithOwnDomain
          ? `yes${s.domain === undefined ? "" : `, ${code(s.domain)}`}`
          : "no";
    const cond = s.when === undefined ? "" : ` (${when(s.when)})`;
    lines.push(
      `- Signs with its own domain until the customer's is set up${cond}: ${own} (${confidence(s)}).${note(s.note)} Sources: ${sources(s)}.`,
    );
  }
  lines.push("");

  if (e.mx !== undefined && e.mx.length > 0) {
    lines.push("### MX", "");
    lines.push(
      ...table(
        ["Host", "When", "Confidence", "Sources", "Note"],
        e.mx.map((m) => [code(m.host), when(m.when), confidence(m), sources(m), prose(m.note ?? "")]),
      ),
    );
  }

  lines.push("### Detection", "");
  const detect = (label: string, patterns: readonly string[]) =>
    `- ${label}: ${patterns.length === 0 ? "none" : patterns.map(code).join(", ")}`;
  lines.push(
    detect("SPF includes", e.detect.spfIncludes),
    detect("CNAME targets", e.detect.cnameTargets),
    detect("MX hosts", e.detect.mxHosts),
    "",
  );
  return lines;
}

/** The whole `docs/providers.md`. */
export function renderProvidersDoc(catalog: ProviderCatalog = providerCatalog): string {
  const lines = [
    "# Provider catalog",
    "",
    "<!-- Generated by scripts/providers-doc.ts from src/providers/catalog/*.ts. Do not edit by hand. -->",
    "",
    "What each built-in provider needs in DNS, fact by fact, each with its sources. A source reads",
    "`[confidence, date](url)`: the confidence tag is **C** (confirmed by the vendor's own documentation or",
    "Domain Connect template), **O** (observed in several public zone files or headers), **S** (third-party",
    "guides only) or **U** (not found, or the sources conflict). The date is the day the fact was checked",
    `against that source (${CHECKED_ON} for the facts checked while the catalog was written); "not re-checked"`,
    "marks a fact taken from the project's research notes, which carry no date. Names are templates:",
    "`{domain}` is the From domain, `{domainDashed}` the same with dots replaced by dashes, other",
    "placeholders are settings or values the provider assigns. Users can add or replace entries with",
    "`createCatalog` (JSON Schema: `providerEntrySchema`).",
    "",
    "## Overview",
    "",
    ...overview(catalog),
    ...catalog.entries.flatMap(entrySection),
  ];
  return (
    lines
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n"
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL("../docs/providers.md", import.meta.url));
  await writeFile(target, renderProvidersDoc());
  console.log(`wrote ${target}`);
}
