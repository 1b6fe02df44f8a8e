/** JSON Schema of the transport part of the report ({@link TransportReport}); part of `schema/report.schema.json`. */
const str = { type: "string" } as const;
const int = { type: "integer", minimum: 0 } as const;
const strings = { type: "array", items: str } as const;
const orNull = (schema: object) => ({ oneOf: [{ type: "null" }, schema] }) as const;
/** A probe step's value, `unknown`, or null (not applicable). */
const probeCell = (schema: object) => ({ anyOf: [{ type: "null" }, { const: "unknown" }, schema] }) as const;

const closed = (properties: Record<string, unknown>, required: string[]) =>
  ({ type: "object", properties, required, additionalProperties: false }) as const;

const mtaSts = closed(
  {
    status: { enum: ["absent", "unknown", "invalid", "unreachable", "valid"] },
    record: { type: ["string", "null"] },
    id: { type: ["string", "null"] },
    policyUrl: { type: ["string", "null"] },
    mode: orNull({ enum: ["enforce", "testing", "none"] }),
    mx: strings,
    maxAge: orNull(int),
    uncovered: strings,
  },
  ["status", "record", "id", "policyUrl", "mode", "mx", "maxAge", "uncovered"],
);

const tlsRpt = closed(
  {
    status: { enum: ["absent", "unknown", "multiple", "invalid", "valid"] },
    record: { type: ["string", "null"] },
    rua: strings,
  },
  ["status", "record", "rua"],
);

const dane = closed(
  {
    status: { enum: ["absent", "unknown", "unsigned", "invalid", "unverified", "valid"] },
    hosts: {
      type: "array",
      items: closed(
        {
          host: str,
          status: { enum: ["none", "unknown", "unsigned", "unverified", "unusable", "usable"] },
          records: strings,
          authenticated: { type: "boolean" },
        },
        ["host", "status", "records"],
      ),
    },
  },
  ["status", "hosts"],
);

const bimi = closed(
  {
    status: { enum: ["absent", "unknown", "declined", "invalid", "valid"] },
    record: { type: ["string", "null"] },
    logo: { type: ["string", "null"] },
    dmarc: { enum: ["ok", "insufficient", "missing", "unknown"] },
  },
  ["status", "record", "logo", "dmarc"],
);

const tls = closed(
  {
    protocol: str,
    cipher: str,
    valid: { type: "boolean" },
    chainTrusted: { type: "boolean" },
    chainError: { type: ["string", "null"] },
    nameMatches: { type: "boolean" },
    expired: { type: "boolean" },
    daysToExpiry: { type: ["integer", "null"] },
    subject: { type: ["string", "null"] },
    issuer: { type: ["string", "null"] },
    validTo: { type: ["string", "null"] },
    names: strings,
  },
  [
    "protocol",
    "cipher",
    "valid",
    "chainTrusted",
    "chainError",
    "nameMatches",
    "expired",
    "daysToExpiry",
    "subject",
    "issuer",
    "validTo",
    "names",
  ],
);

const probe = closed(
  {
    host: str,
    port: { type: "integer", minimum: 1, maximum: 65535 },
    roles: { type: "array", items: { enum: ["mx", "smart-host", "named"] } },
    domains: strings,
    address: { type: ["string", "null"] },
    status: {
      enum: ["probed", "no-address", "address-unknown", "documentation-address", "provider", "too-many", "error"],
    },
    detail: str,
    tlsMode: orNull({ enum: ["starttls", "implicit"] }),
    banner: probeCell(str),
    starttls: probeCell({ type: "boolean" }),
    tls: probeCell(tls),
    authBeforeTls: probeCell({ type: "boolean" }),
    relay: probeCell({ enum: ["accepted", "refused", "deferred"] }),
    dane: { enum: ["match", "no-match"] },
    unknown: { type: "array", items: closed({ step: str, cause: str, detail: str }, ["step", "cause", "detail"]) },
    transcript: strings,
  },
  [
    "host",
    "port",
    "roles",
    "domains",
    "address",
    "status",
    "tlsMode",
    "banner",
    "starttls",
    "tls",
    "authBeforeTls",
    "relay",
    "unknown",
    "transcript",
  ],
);

/** The `transport` property of the report. */
export const transportReportSchema = closed(
  {
    domains: {
      type: "array",
      items: closed({ domain: str, mtaSts, tlsRpt, dane, bimi }, ["domain"]),
    },
    probes: { type: "array", items: probe },
  },
  ["domains"],
);
