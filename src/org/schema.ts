/**
 * JSON Schema (draft 2020-12) of the organisation description, version 1
 * (docs/org.md). Shipped as `schema/org.schema.json`. Unknown fields are errors
 * everywhere (typos must not pass). What a schema cannot say (a path naming an unknown provider, a
 * setting the catalog entry does not declare, a From domain not listed) is checked by
 * `cross-check.ts`; catalog ids are checked there too, because users may add catalog entries.
 * The `description` of each field is also the "expected" text of error messages.
 */
import { CATALOG_ID_PATTERN, DOMAIN_PATTERN, SELECTOR_PATTERN, SETTING_NAME_PATTERN } from "../providers/patterns.ts";

/** Ids of smart hosts, providers and paths: what a person types, short and without spaces. */
export const ID_PATTERN = "^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62})$";

const domain = (description: string) => ({ type: "string", pattern: DOMAIN_PATTERN, description }) as const;
const id = (description: string) => ({ type: "string", pattern: ID_PATTERN, description }) as const;
const text = (description: string) => ({ type: "string", minLength: 1, description }) as const;

const ipList = {
  type: "array",
  items: { type: "string", format: "ip", description: "an IPv4 or IPv6 address" },
  minItems: 1,
  description: "egress IP addresses (IPv4 or IPv6) that receivers see",
} as const;

/** Rule ids: lower-case words joined by hyphens (checked against the rules by the loader). */
export const RULE_ID_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$";

const accept = (what: string) =>
  ({
    type: "array",
    description: `findings about this ${what} that are acknowledged: still reported, marked accepted with the reason, not counted for --fail-on`,
    items: {
      type: "object",
      properties: {
        rule: { type: "string", pattern: RULE_ID_PATTERN, description: "a rule id, such as dmarc-policy-none" },
        reason: text("why the finding is accepted"),
      },
      required: ["rule", "reason"],
      additionalProperties: false,
      description: "an acknowledged rule",
    },
  }) as const;

export const orgSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://email-auth-audit.dev/schema/org.schema.json",
  title: "email-auth-audit organisation description (version 1)",
  description: "How an organisation sends mail: its domains, smart hosts, third-party providers and sending paths.",
  type: "object",
  properties: {
    $schema: { type: "string", description: "the URL of this schema, for editors" },
    $comment: { type: "string", description: "free text; ignored" },
    version: { const: 1, description: "the format version: 1" },
    name: text("the organisation's name"),
    description: text("free text about the organisation"),
    domains: {
      type: "array",
      minItems: 1,
      description: "the organisation's domains",
      items: {
        type: "object",
        properties: {
          name: domain("the domain name, such as contoso.example"),
          sends: {
            type: "boolean",
            description:
              "false for a domain that must not send mail at all (it should publish v=spf1 -all, p=reject, a null MX)",
          },
          description: text("free text about the domain"),
          accept: accept("domain (and its paths)"),
        },
        required: ["name"],
        additionalProperties: false,
        description: "a domain of the organisation",
      },
    },
    smartHosts: {
      type: "array",
      description: "relays the organisation runs or rents",
      items: {
        type: "object",
        properties: {
          id: id("the smart host's id, named by paths (via.smartHost)"),
          hostname: domain("the smart host's host name"),
          ips: {
            ...ipList,
            description: "the egress addresses receivers see; when left out, the audit resolves hostname (A and AAAA)",
          },
          description: text("free text about the smart host"),
        },
        required: ["id", "hostname"],
        additionalProperties: false,
        description: "a smart host",
      },
    },
    providers: {
      type: "array",
      description: "third-party senders, each an account with a catalog provider",
      items: {
        type: "object",
        properties: {
          id: id("the provider account's id, named by paths (via.provider)"),
          catalog: {
            type: "string",
            pattern: CATALOG_ID_PATTERN,
            description: "the id of a provider catalog entry, such as microsoft365, sendgrid or amazon-ses",
          },
          settings: {
            type: "object",
            patternProperties: { [SETTING_NAME_PATTERN]: { type: "string", description: "a setting value" } },
            additionalProperties: false,
            description: "the account settings the catalog entry declares (camelCase names, string values)",
          },
          description: text("free text about the account"),
        },
        required: ["id", "catalog"],
        additionalProperties: false,
        description: "a provider account",
      },
    },
    paths: {
      type: "array",
      description: "each way mail leaves the organisation",
      items: {
        type: "object",
        properties: {
          id: id("the path's id"),
          description: text("free text about the path"),
          from: {
            type: "array",
            items: domain("a From (RFC 5322.From) domain listed in domains"),
            minItems: 1,
            description: "the From domains of mail on this path (listed in domains)",
          },
          via: {
            type: "object",
            properties: {
              smartHost: id("the id of a smart host"),
              provider: id("the id of a provider account"),
              direct: {
                type: "object",
                properties: { ips: ipList },
                required: ["ips"],
                additionalProperties: false,
                description: "a server that sends straight to the internet, with its egress IPs",
              },
            },
            minProperties: 1,
            maxProperties: 1,
            additionalProperties: false,
            description: "exactly one of smartHost, provider or direct",
          },
          mailFrom: domain(
            "the envelope (RFC 5321.MailFrom) domain; when left out, the provider's default, or the From domain for smart hosts and direct sending",
          ),
          dkim: {
            type: "array",
            description:
              "the DKIM signatures the path adds; when left out, the catalog's default for a provider, none otherwise",
            items: {
              type: "object",
              properties: {
                domain: domain("the signing domain (d=)"),
                selector: { type: "string", pattern: SELECTOR_PATTERN, description: "the selector (s=)" },
              },
              required: ["domain", "selector"],
              additionalProperties: false,
              description: "a DKIM signature",
            },
          },
          accept: accept("path"),
        },
        required: ["id", "from", "via"],
        additionalProperties: false,
        description: "a sending path",
      },
    },
  },
  required: ["version", "domains", "paths"],
  additionalProperties: false,
} as const;
