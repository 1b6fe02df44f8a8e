/**
 * JSON Schema (draft 2020-12) of {@link AuditReport}; shipped as `schema/report.schema.json`.
 * Kept beside the TypeScript types in `report-types.ts`; a test validates every report against it.
 */
import { DKIM_RESULTS } from "../dkim/types.ts";
import { DMARC_RESULTS } from "../dmarc/types.ts";
import { SPF_RESULTS } from "../spf/types.ts";
import { transportReportSchema } from "./report-transport-schema.ts";

const str = { type: "string" } as const;
const int = { type: "integer", minimum: 0 } as const;
// One result union per protocol: the schema takes each protocol's own list.
const spfResult = { enum: [...SPF_RESULTS] } as const;
const dkimResult = { enum: [...DKIM_RESULTS] } as const;
/** The audit could not tell (a fact it could not establish): never a failure. */
const orUnknown = (results: { enum: readonly string[] }) => ({ enum: [...results.enum, "unknown"] });
const alignedState = { oneOf: [{ type: "boolean" }, { const: "unknown" }] } as const;
const dmarcResult = { enum: [...DMARC_RESULTS] } as const;
const policyName = { enum: ["none", "quarantine", "reject"] } as const;
const severity = { enum: ["error", "warning", "info"] } as const;
const recordStatus = { enum: ["ok", "missing", "invalid", "multiple", "temperror"] } as const;

const closed = (properties: Record<string, unknown>, required: string[]) =>
  ({ type: "object", properties, required, additionalProperties: false }) as const;

const reference = closed({ label: str, url: str }, ["label", "url"]);
/** What a size limit left out (docs/security.md): a count and a size in UTF-8 bytes. */
const omission = closed({ count: int, bytes: int }, ["count", "bytes"]);
const dnsEvidence = closed(
  {
    name: str,
    type: str,
    status: str,
    records: { type: "array", items: str },
    ttl: int,
    cnameChain: { type: "array", items: str },
    cause: str,
    note: str,
    omitted: omission,
  },
  ["name", "type", "status", "records"],
);
const observedEvidence = closed(
  {
    kind: { enum: ["exchange", "reports", "smtp", "https"] },
    source: str,
    lines: { type: "array", items: str },
    note: str,
    omitted: omission,
  },
  ["kind", "source", "lines"],
);
const evidence = { oneOf: [dnsEvidence, observedEvidence] } as const;
/** One record of a change, in the shape `OverlayResolver` takes: TXT as character-strings, MX as an object, others as text. */
const changeRecord = {
  oneOf: [str, { type: "array", items: str }, closed({ preference: int, exchange: str }, ["preference", "exchange"])],
} as const;
/** A DNS change: the whole RRset to publish at a name, `records: []` to remove it. */
export const dnsChangeSchema = closed(
  { name: str, type: str, records: { type: "array", items: changeRecord }, ttl: int },
  ["name", "type", "records"],
);
const finding = closed(
  {
    ruleId: str,
    severity,
    domain: str,
    path: str,
    message: str,
    evidence: { type: "array", items: evidence },
    omittedEvidence: omission,
    references: { type: "array", items: reference },
    fix: str,
    changes: { type: "array", items: dnsChangeSchema },
    manualSteps: { type: "array", items: str },
    verification: closed({ status: { enum: ["verified", "unverified", "needs-manual-steps"] }, reason: str }, [
      "status",
    ]),
    accepted: closed({ reason: str }, ["reason"]),
    fingerprint: str,
    baselined: { const: true },
  },
  ["ruleId", "severity", "domain", "message", "evidence", "references", "fix"],
);

const spfTreeNode = {
  ...closed(
    {
      domain: str,
      via: { enum: ["root", "include", "redirect"] },
      record: { type: ["string", "null"] },
      lookups: int,
      totalLookups: int,
      error: str,
      children: { type: "array", items: { $ref: "#/$defs/spfTreeNode" } },
    },
    ["domain", "via", "record", "lookups", "totalLookups", "children"],
  ),
};

const pathVerdict = closed(
  {
    id: str,
    description: str,
    fromDomain: str,
    via: closed({ kind: { enum: ["smartHost", "provider", "direct"] }, id: str, catalog: str, name: str }, ["kind"]),
    mailFrom: closed(
      { domain: str, source: { enum: ["path", "provider-custom", "provider-default", "from-domain"] } },
      ["domain", "source"],
    ),
    spf: closed(
      {
        result: orUnknown(spfResult),
        domain: str,
        aligned: alignedState,
        reason: str,
        risks: { type: "array", items: str },
        ips: {
          type: "array",
          items: closed(
            {
              ip: str,
              result: spfResult,
              matched: closed({ term: str, domain: str }, ["term", "domain"]),
              explanation: str,
            },
            ["ip", "result"],
          ),
        },
        ipsSource: { enum: ["org", "dns", "provider-spf"] },
      },
      ["result", "domain", "aligned", "ips", "ipsSource"],
    ),
    dkim: {
      type: "array",
      items: closed(
        { domain: str, selector: str, result: orUnknown(dkimResult), aligned: alignedState, reason: str, keyBits: int },
        ["domain", "selector", "result", "aligned"],
      ),
    },
    dmarc: closed(
      {
        result: dmarcResult,
        alignedBy: { type: "array", items: { enum: ["spf", "dkim"] } },
        policy: {
          oneOf: [{ type: "null" }, closed({ p: policyName, source: { enum: ["p", "sp", "np"] } }, ["p", "source"])],
        },
        recordDomain: str,
      },
      ["result", "alignedBy", "policy"],
    ),
    verdict: { enum: ["pass", "fragile", "fail", "unknown"] },
    open: { type: "array", items: str },
  },
  ["id", "fromDomain", "via", "mailFrom", "spf", "dkim", "dmarc", "verdict"],
);

const domainReport = closed(
  {
    domain: str,
    sends: { type: "boolean" },
    spf: closed(
      {
        status: recordStatus,
        record: { type: ["string", "null"] },
        lookups: int,
        voidLookups: int,
        partial: { const: true },
        tree: { oneOf: [{ type: "null" }, { $ref: "#/$defs/spfTreeNode" }] },
      },
      ["status", "record", "lookups", "voidLookups", "tree"],
    ),
    dmarc: closed(
      {
        status: recordStatus,
        record: { type: ["string", "null"] },
        recordDomain: { type: ["string", "null"] },
        policy: { oneOf: [{ type: "null" }, policyName] },
        subdomainPolicy: { oneOf: [{ type: "null" }, policyName] },
      },
      ["status", "record", "recordDomain", "policy", "subdomainPolicy"],
    ),
    mx: closed({ status: str, hosts: { type: "array", items: str }, nullMx: { type: "boolean" } }, [
      "status",
      "hosts",
      "nullMx",
    ]),
    dkim: {
      type: "array",
      items: closed({ selector: str, status: str, keyBits: int, target: str, provider: str }, ["selector", "status"]),
    },
    providers: {
      type: "array",
      items: closed({ id: str, name: str, evidence: { type: "array", items: str } }, ["id", "name", "evidence"]),
    },
  },
  ["domain", "sends", "spf", "dmarc", "mx", "dkim", "providers"],
);

const senderClass = { enum: ["path", "provider", "forwarder", "unknown"] } as const;
const nullableStr = { type: ["string", "null"] } as const;
const senders = closed(
  {
    window: closed({ since: nullableStr, until: nullableStr, first: nullableStr, last: nullableStr }, [
      "since",
      "until",
      "first",
      "last",
    ]),
    reports: int,
    reporters: { type: "array", items: str, maxItems: 20 },
    records: int,
    messages: int,
    classes: {
      type: "array",
      items: closed({ class: senderClass, sources: int, messages: int, dmarcPass: int }, [
        "class",
        "sources",
        "messages",
        "dmarcPass",
      ]),
    },
    rows: {
      type: "array",
      maxItems: 200,
      items: closed(
        {
          ip: str,
          fromDomain: str,
          class: senderClass,
          path: str,
          provider: str,
          ptr: closed(
            {
              status: { enum: ["found", "none", "unknown", "not-asked"] },
              name: str,
              confirmed: { type: "boolean" },
            },
            ["status"],
          ),
          messages: int,
          dmarcPass: int,
          dkimAligned: int,
          spfAligned: int,
          why: str,
        },
        ["ip", "fromDomain", "class", "ptr", "messages", "dmarcPass", "dkimAligned", "spfAligned", "why"],
      ),
    },
    more: int,
    unlistedDomains: {
      type: "array",
      maxItems: 20,
      items: closed({ domain: str, messages: int, dmarcPass: int, sources: int }, [
        "domain",
        "messages",
        "dmarcPass",
        "sources",
      ]),
    },
    days: {
      type: "array",
      items: closed({ day: str, path: int, provider: int, forwarder: int, unknown: int }, [
        "day",
        "path",
        "provider",
        "forwarder",
        "unknown",
      ]),
    },
    ptr: closed({ asked: int, limit: int, notAsked: int, failed: int }, ["asked", "limit", "notAsked", "failed"]),
  },
  [
    "window",
    "reports",
    "reporters",
    "records",
    "messages",
    "classes",
    "rows",
    "more",
    "unlistedDomains",
    "days",
    "ptr",
  ],
);

const logEntry = closed(
  {
    name: str,
    type: str,
    status: { enum: ["ok", "nxdomain", "nodata", "servfail", "refused", "timeout", "error"] },
    startMs: { type: "number" },
    durationMs: { type: "number" },
    refused: { const: true },
  },
  ["name", "type", "status", "startMs", "durationMs"],
);

export const reportSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://email-auth-audit.dev/schema/report.schema.json",
  title: "email-auth-audit report (version 1)",
  ...closed(
    {
      version: { const: 1 },
      kind: { enum: ["audit", "check"] },
      tool: closed({ name: { const: "email-auth-audit" }, version: str }, ["name", "version"]),
      generatedAt: str,
      org: closed(
        {
          name: str,
          domains: { type: "array", items: closed({ name: str, sends: { type: "boolean" } }, ["name", "sends"]) },
        },
        ["name", "domains"],
      ),
      paths: { type: "array", items: pathVerdict },
      domains: { type: "array", items: domainReport },
      findings: { type: "array", items: finding },
      senders,
      transport: transportReportSchema,
      dns: closed({ questions: int, unique: int, failed: int, log: { type: "array", items: logEntry } }, [
        "questions",
        "unique",
        "failed",
        "log",
      ]),
      summary: closed(
        {
          status: { enum: ["pass", "warn", "fail"] },
          paths: closed({ total: int, pass: int, fragile: int, fail: int, unknown: int }, [
            "total",
            "pass",
            "fragile",
            "fail",
            "unknown",
          ]),
          findings: closed({ error: int, warning: int, info: int }, ["error", "warning", "info"]),
          accepted: int,
          baselined: int,
          blind: closed({ reason: str, domains: { type: "array", items: str } }, ["reason", "domains"]),
          truncated: closed({ findings: int, evidence: int, records: int, log: int, bytes: int, note: str }, [
            "findings",
            "evidence",
            "records",
            "log",
            "bytes",
            "note",
          ]),
        },
        ["status", "paths", "findings"],
      ),
    },
    ["version", "kind", "tool", "generatedAt", "org", "paths", "domains", "findings", "dns", "summary"],
  ),
  $defs: { spfTreeNode },
} as const;
