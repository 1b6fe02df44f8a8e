/**
 * JSON Schema (draft 2020-12) of one provider catalog entry (`ProviderEntry` in `types.ts`), so that
 * users can pass their own entries as JSON. Unknown fields are errors everywhere.
 */
import { CATALOG_ID_PATTERN, SETTING_NAME_PATTERN } from "./patterns.ts";

const text = { type: "string", minLength: 1 } as const;
const template = { type: "string", minLength: 1, maxLength: 253 } as const;

const source = {
  type: "object",
  properties: {
    url: { type: "string", pattern: "^https?://[^\\s]+$" },
    checked: { type: ["string", "null"], pattern: "^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$" },
    confidence: { enum: ["C", "O", "S", "U"] },
    note: text,
  },
  required: ["url", "checked", "confidence"],
  additionalProperties: false,
} as const;

const sources = { type: "array", items: source, minItems: 1 } as const;

const condition = {
  type: "object",
  properties: {
    setting: { type: "string", pattern: SETTING_NAME_PATTERN },
    in: { type: "array", items: text, minItems: 1 },
    present: { type: "boolean" },
  },
  required: ["setting"],
  minProperties: 2,
  additionalProperties: false,
} as const;

const when = { type: "array", items: condition, minItems: 1 } as const;

const setting = {
  type: "object",
  properties: {
    description: text,
    required: { type: "boolean" },
    example: { type: "string" },
    pattern: text,
    enum: { type: "array", items: { type: "string" }, minItems: 1 },
    default: { type: "string" },
  },
  required: ["description", "required", "example"],
  additionalProperties: false,
} as const;

const spfInclude = {
  type: "object",
  properties: { domain: template, when, group: text, legacy: { type: "boolean" }, note: text, sources },
  required: ["domain", "sources"],
  additionalProperties: false,
} as const;

const spfMechanism = {
  type: "object",
  properties: {
    term: { type: "string", pattern: "^(?:a|mx|ip4|ip6|exists):\\S+$" },
    when,
    group: text,
    legacy: { type: "boolean" },
    note: text,
    sources,
  },
  required: ["term", "sources"],
  additionalProperties: false,
} as const;

const dnsRequirement = {
  type: "object",
  properties: {
    type: { enum: ["CNAME", "MX", "TXT", "NS"] },
    name: template,
    value: text,
    alternatives: { type: "array", items: text, minItems: 1 },
    note: text,
  },
  required: ["type", "name", "value"],
  additionalProperties: false,
} as const;

const dkimSelector = {
  type: "object",
  properties: {
    selector: template,
    record: { enum: ["cname", "txt", "either"] },
    targets: { type: "array", items: template, minItems: 1 },
    when,
    legacy: { type: "boolean" },
    note: text,
    sources,
  },
  required: ["selector", "record", "sources"],
  additionalProperties: false,
} as const;

const defaultSigning = {
  type: "object",
  properties: {
    when,
    signsWithOwnDomain: { type: ["boolean", "null"] },
    domain: template,
    note: text,
    sources,
  },
  required: ["signsWithOwnDomain", "sources"],
  additionalProperties: false,
} as const;

const patternList = { type: "array", items: template } as const;

export const providerEntrySchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://email-auth-audit.dev/schema/provider-entry.schema.json",
  title: "email-auth-audit provider catalog entry",
  type: "object",
  properties: {
    id: { type: "string", pattern: CATALOG_ID_PATTERN, maxLength: 63 },
    name: text,
    kind: { enum: ["mailbox", "esp", "marketing", "helpdesk", "gateway"] },
    summary: text,
    settings: {
      type: "object",
      patternProperties: { [SETTING_NAME_PATTERN]: setting },
      additionalProperties: false,
    },
    assigned: {
      type: "object",
      patternProperties: { [SETTING_NAME_PATTERN]: text },
      additionalProperties: false,
    },
    spf: {
      type: "object",
      properties: {
        includes: { type: "array", items: spfInclude },
        mechanisms: { type: "array", items: spfMechanism },
        publishedOn: {
          type: "object",
          properties: { on: { enum: ["from-domain", "mail-from-domain", "provider-managed"] }, note: text, sources },
          required: ["on", "sources"],
          additionalProperties: false,
        },
      },
      required: ["includes", "mechanisms", "publishedOn"],
      additionalProperties: false,
    },
    mailFrom: {
      type: "object",
      properties: {
        default: {
          type: "object",
          properties: {
            kind: { enum: ["provider", "sender"] },
            domain: template,
            subdomains: { type: "boolean" },
            note: text,
            sources,
          },
          required: ["kind", "sources"],
          additionalProperties: false,
        },
        custom: {
          type: "object",
          properties: {
            supported: { type: ["boolean", "null"] },
            setting: { type: "string", pattern: SETTING_NAME_PATTERN },
            dns: { type: "array", items: dnsRequirement },
            note: text,
            sources,
          },
          required: ["supported", "dns", "sources"],
          additionalProperties: false,
        },
      },
      required: ["default", "custom"],
      additionalProperties: false,
    },
    dkim: {
      type: "object",
      properties: {
        selectors: { type: "array", items: dkimSelector },
        signingDomainSetting: { type: "string", pattern: SETTING_NAME_PATTERN },
        defaultSigning: { type: "array", items: defaultSigning, minItems: 1 },
      },
      required: ["selectors", "defaultSigning"],
      additionalProperties: false,
    },
    mx: {
      type: "array",
      items: {
        type: "object",
        properties: { host: template, when, note: text, sources },
        required: ["host", "sources"],
        additionalProperties: false,
      },
    },
    detect: {
      type: "object",
      properties: { spfIncludes: patternList, cnameTargets: patternList, mxHosts: patternList },
      required: ["spfIncludes", "cnameTargets", "mxHosts"],
      additionalProperties: false,
    },
  },
  required: ["id", "name", "kind", "summary", "settings", "spf", "mailFrom", "dkim", "detect"],
  additionalProperties: false,
} as const;
