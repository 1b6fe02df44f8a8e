/**
 * Findings of the static analysis: what an auditor should fix or know, each with the domain and
 * term concerned, its place in the tree and the RFC section behind it.
 */
import { type Severity, severityRank } from "../common/severity.ts";
import type { SpfFinding, SpfFindingCode, SpfTermAnalysis, SpfTreeNode } from "./analysis-types.ts";
import type { SpfCounts } from "./counts.ts";

/** §3.4: answers "under 450 octets" fit a 512-octet UDP message. */
export const MAX_ANSWER_BYTES = 450;
/** RFC 1035 §3.3: a <character-string> holds at most 255 octets. */
export const MAX_STRING_BYTES = 255;

type Add = (
  severity: Severity,
  code: SpfFindingCode,
  message: string,
  rfc: string,
  node: SpfTreeNode,
  t?: SpfTermAnalysis,
) => void;

function nodeFindings(node: SpfTreeNode, add: Add, spfTypeRecords: boolean): void {
  if (node.status === "none") {
    if (node.via === "root")
      add(
        "error",
        "no-spf-record",
        `${node.domain} publishes no SPF record: receivers get "none"`,
        "RFC 7208 §4.5",
        node,
      );
    else
      add(
        "error",
        "include-target-without-record",
        `${node.via} target ${node.domain} has no SPF record: receivers get permerror (${node.problem?.message ?? ""})`,
        node.via === "include" ? "RFC 7208 §5.2" : "RFC 7208 §6.1",
        node,
      );
  } else if (node.status === "multiple") {
    add(
      "error",
      "multiple-records",
      `${node.domain} publishes ${node.records?.length ?? 2} SPF records: receivers get permerror`,
      "RFC 7208 §4.5",
      node,
    );
  } else if (node.status === "temperror") {
    add(
      "error",
      "dns-error",
      `the TXT lookup of ${node.domain} failed: ${node.problem?.message ?? ""}`,
      "RFC 7208 §4.4",
      node,
    );
  } else if (node.status === "malformed") {
    add("error", "malformed-domain", node.problem?.message ?? `${node.domain} is malformed`, "RFC 7208 §4.3", node);
  } else if (node.status === "not-expanded") {
    add("info", "not-expanded", `the analysis did not expand ${node.domain} (tree size cap)`, "RFC 7208 §4.6.4", node);
  }
  for (const e of node.parse?.errors ?? []) {
    add(
      "error",
      "syntax-error",
      `syntax error at offset ${e.position} of ${node.domain}: ${e.message} (receivers get permerror)`,
      e.rfc,
      node,
    );
  }
  if (node.size !== undefined) {
    if (node.size.answerBytes > MAX_ANSWER_BYTES) {
      add(
        "warning",
        "record-too-large",
        `the TXT answer of ${node.domain} is ${node.size.answerBytes} octets (name and all TXT records); over ${MAX_ANSWER_BYTES} it may not fit a 512-octet UDP answer`,
        "RFC 7208 §3.4",
        node,
      );
    }
    for (const [i, bytes] of node.size.strings.entries()) {
      if (bytes > MAX_STRING_BYTES)
        add(
          "error",
          "string-too-long",
          `character-string ${i + 1} of the SPF record of ${node.domain} is ${bytes} octets; a TXT string holds at most ${MAX_STRING_BYTES} (split it, §3.3)`,
          "RFC 7208 §3.3",
          node,
        );
    }
  }
  if (node.via === "root" && spfTypeRecords) {
    add(
      "warning",
      "spf-rr-type",
      `${node.domain} publishes an SPF (type 99) record: the type is obsolete and ignored; publish TXT only`,
      "RFC 7208 §3.1, §14.1",
      node,
    );
  }
  const mechanisms = node.terms.filter((t) => t.term.kind === "mechanism");
  const all = mechanisms.find((t) => t.term.kind === "mechanism" && t.term.mechanism === "all");
  for (const t of node.terms) {
    const term = t.term;
    if (term.kind === "modifier") {
      if (term.name === "redirect" && !t.reachable)
        add(
          "warning",
          "redirect-ignored",
          `redirect=${term.value} is ignored because the record has "all"`,
          "RFC 7208 §6.1",
          node,
          t,
        );
      else if (term.name !== "redirect" && term.name !== "exp")
        add("info", "unknown-modifier", `unknown modifier "${term.name}=" is ignored`, "RFC 7208 §6", node, t);
      continue;
    }
    if (!t.reachable) {
      add(
        "warning",
        "unreachable-term",
        `"${term.text}" comes after "all" and is never evaluated`,
        "RFC 7208 §5.1",
        node,
        t,
      );
      continue;
    }
    if (t.neverMatches !== undefined)
      add("warning", "shadowed-term", `"${term.text}" can never match: ${t.neverMatches}`, "RFC 7208 §4.6.2", node, t);
    if (term.mechanism === "ptr")
      add(
        "warning",
        "ptr-mechanism",
        `"${term.text}": the ptr mechanism is slow, unreliable and SHOULD NOT be published`,
        "RFC 7208 §5.5",
        node,
        t,
      );
    if (term.mechanism === "all" && node.via === "root") {
      if (term.qualifier === "+")
        add(
          "error",
          "pass-all",
          `"${term.text}" authorises every host on the Internet to send as ${node.domain}`,
          "RFC 7208 §5.1",
          node,
          t,
        );
      if (term.qualifier === "?")
        add(
          "warning",
          "neutral-all",
          `"${term.text}" asserts nothing about other hosts: receivers treat their mail like mail with no SPF`,
          "RFC 7208 §8.2",
          node,
          t,
        );
    }
    if (t.dynamic !== undefined) add("info", "dynamic-term", `"${term.text}": ${t.dynamic}`, "RFC 7208 §7", node, t);
    if (t.problem !== undefined) {
      const severity: Severity = t.problem.code === "malformed-target" ? "warning" : "error";
      add(severity, t.problem.code, t.problem.message, t.problem.rfc, node, t);
    }
    // A dynamic term's void lookup is a worst case, named in the void-lookup-limit finding.
    if (
      t.voidWorstCase === undefined &&
      t.voidLookups !== undefined &&
      (t.voidLookups.ipv4 > 0 || t.voidLookups.ipv6 > 0)
    ) {
      const which =
        t.voidLookups.ipv4 > 0 && t.voidLookups.ipv6 > 0
          ? "any client"
          : t.voidLookups.ipv4 > 0
            ? "IPv4 clients"
            : "IPv6 clients";
      add(
        "warning",
        "void-lookup",
        `"${term.text}": ${t.target ?? node.domain} has no records for ${which} (a void lookup; receivers allow 2)`,
        "RFC 7208 §4.6.4",
        node,
        t,
      );
    }
  }
  if (
    node.status === "ok" &&
    all === undefined &&
    !node.terms.some((t) => t.term.kind === "modifier" && t.term.name === "redirect") &&
    node.via !== "include"
  ) {
    add(
      "warning",
      "missing-all",
      `the record of ${node.domain} ends without "all" or "redirect": unlisted hosts get "neutral"`,
      "RFC 7208 §4.7",
      node,
    );
  }
}

/** ": "a:old.example" (old.example), "exists:%{i}._spf.x" (at worst: ...)" for the void terms. */
function voidTerms(terms: SpfCounts["voidLookups"]["terms"]): string {
  if (terms.length === 0) return "";
  return `: ${terms.map((t) => `"${t.term}" in ${t.domain} (${t.dynamic ?? t.name})`).join(", ")}`;
}

/** All findings of an analysis, errors first. */
export function findings(root: SpfTreeNode, counts: SpfCounts, spfTypeRecords: boolean): SpfFinding[] {
  const out: SpfFinding[] = [];
  const add: Add = (severity, code, message, rfc, node, t) => {
    const f: SpfFinding = { code, severity, message, domain: node.domain, path: node.path, rfc };
    if (t !== undefined) {
      f.term = t.term.text;
      f.position = t.term.position;
    }
    out.push(f);
  };
  const walk = (node: SpfTreeNode) => {
    nodeFindings(node, add, spfTypeRecords);
    for (const t of node.terms) if (t.child !== undefined) walk(t.child);
  };
  walk(root);
  const rootOnly = (
    severity: Severity,
    code: SpfFindingCode,
    message: string,
    rfc: string,
    where?: { domain: string; term: string; position: number; path: string[] },
  ) => {
    out.push({
      code,
      severity,
      message,
      domain: where?.domain ?? root.domain,
      path: where?.path ?? root.path,
      rfc,
      ...(where ? { term: where.term, position: where.position } : {}),
    });
  };
  const lookups = counts.lookups;
  if (lookups.exceeded) {
    const at = lookups.exceededAt;
    const where = at ? ` the limit is passed at "${at.term}" in ${at.domain} (${at.path.join(" > ")})` : "";
    rootOnly(
      "error",
      "lookup-limit",
      lookups.unbounded
        ? `an include/redirect loop makes receivers exceed ${lookups.limit} DNS-querying terms:${where} (permerror)`
        : `${lookups.count} DNS-querying terms for a host that matches nothing, over the limit of ${lookups.limit}:${where}; receivers give permerror`,
      "RFC 7208 §4.6.4",
      at,
    );
  }
  for (const loop of counts.loops)
    rootOnly("error", "include-loop", `include/redirect loop: ${loop.join(" -> ")}`, "RFC 7208 §4.6.4");
  const voids = counts.voidLookups;
  if (voids.exceeded)
    rootOnly(
      "error",
      "void-lookup-limit",
      `void lookups for a host that matches nothing: ${voids.ipv4} (IPv4 client), ${voids.ipv6} (IPv6 client); receivers give permerror past ${voids.limit}${voidTerms(voids.terms)}`,
      "RFC 7208 §4.6.4",
    );
  for (const d of counts.duplicateIncludes)
    rootOnly(
      "warning",
      "duplicate-include",
      `${d.domain} is included ${d.count} times in the tree; each costs its lookups again`,
      "RFC 7208 §4.6.4",
    );
  return out.sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}
