/**
 * The organisation description, version 1 (docs/org.md): hand-written types that
 * match `orgSchema` field for field (a test checks that the contract's example both validates and
 * type-checks).
 */

/**
 * An acknowledged finding: the rule's findings on this path or domain are still reported, marked
 * accepted with the reason, and do not count for `--fail-on`.
 */
export interface Acceptance {
  /** A rule id (`dmarc-policy-none`); an unknown id is an error, with a did-you-mean. */
  rule: string;
  /** Why it is accepted, for whoever reads the report. */
  reason: string;
}

/** A domain of the organisation. */
export interface OrgDomain {
  /** The domain name in ASCII form, such as `contoso.example`. */
  name: string;
  /** `false` for a domain that must not send mail at all (default true). */
  sends?: boolean;
  description?: string;
  /** Findings about this domain (its paths' too) that are acknowledged. */
  accept?: Acceptance[];
}

/** A relay the organisation runs or rents. */
export interface SmartHost {
  id: string;
  hostname: string;
  /** The egress addresses receivers see; when left out, the audit resolves `hostname`. */
  ips?: string[];
  description?: string;
}

/** An account with a catalog provider. */
export interface ProviderAccount {
  id: string;
  /** The id of a provider catalog entry (`microsoft365`, `sendgrid`...). */
  catalog: string;
  /** The account settings the catalog entry declares (camelCase names). */
  settings?: Record<string, string>;
  description?: string;
}

/** How a path's mail leaves: exactly one of the three. */
export type PathVia = { smartHost: string } | { provider: string } | { direct: { ips: string[] } };

/** A DKIM signature a path adds. */
export interface DkimSignature {
  /** The signing domain (`d=`). */
  domain: string;
  /** The selector (`s=`). */
  selector: string;
}

/** One way mail leaves the organisation. */
export interface SendingPath {
  id: string;
  description?: string;
  /** The From (RFC 5322.From) domains of mail on this path; each is listed in `domains`. */
  from: string[];
  via: PathVia;
  /** The envelope (RFC 5321.MailFrom) domain; see `planPaths` for the default. */
  mailFrom?: string;
  /** The signatures the path adds; see `planPaths` for the default. */
  dkim?: DkimSignature[];
  /** Findings about this path that are acknowledged. */
  accept?: Acceptance[];
}

/** An organisation description. */
export interface Organisation {
  $schema?: string;
  $comment?: string;
  version: 1;
  name?: string;
  description?: string;
  domains: OrgDomain[];
  smartHosts?: SmartHost[];
  providers?: ProviderAccount[];
  paths: SendingPath[];
}

/** One thing wrong with an organisation description. */
export interface OrgProblem {
  /** Where, as a readable JSON path: `$.paths[1].via.provider`. */
  path: string;
  /** The same place as a JSON Pointer (RFC 6901): `/paths/1/via/provider`. */
  pointer: string;
  /** What is wrong. */
  message: string;
  /** What was found there, as JSON text (absent for a missing field). */
  found?: string;
  /** What was expected there. */
  expected?: string;
  /** For problems in the input text (YAML or JSON syntax): the line and column, from 1. */
  line?: number;
  column?: number;
}
