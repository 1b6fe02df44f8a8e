/**
 * The provider catalog: what a third-party sender (Microsoft 365, SendGrid, Amazon SES...) needs
 * in DNS, as plain data. Every fact names its sources, each with the date it was checked and a
 * confidence tag, so that a finding built on a fact can say how sure it is.
 *
 * Names that depend on the customer's account are templates (see `template.ts`): `{domain}` is
 * the From domain, `{domainDashed}` the same with dots replaced by dashes, any other placeholder a
 * setting the entry declares (`{tenant}`, `{region}`) or a value the provider assigns
 * (`{partition}`, declared in `assigned`), which matches any DNS label when a name is compared.
 */

/**
 * How sure a fact is (the legend of docs/providers.md):
 * - `C` confirmed: stated in the vendor's own documentation or Domain Connect template;
 * - `O` observed: a consistent pattern in several independent public zone files or headers;
 * - `S` secondary: taken only from third-party guides;
 * - `U` unconfirmed: not found, or the sources conflict.
 */
export type Confidence = "C" | "O" | "S" | "U";

/** Where a fact comes from. */
export interface FactSource {
  /** The `https://` (or, for an old vendor page, `http://`) address the fact was read in. */
  url: string;
  /**
   * The day (`YYYY-MM-DD`) the fact was checked against this source, or `null` when it comes from
   * the project's research notes, which carry no date: such a fact has not been re-checked since.
   */
  checked: string | null;
  confidence: Confidence;
  /** What exactly the source says or how it was checked, when that is not obvious. */
  note?: string;
}

/** A fact with its sources (at least one). */
export interface Sourced {
  sources: FactSource[];
}

/**
 * A condition on the account settings: the fact applies only when the setting (or its default)
 * is one of `in`, or, with `present`, when the user gave (true) or did not give (false) it.
 */
export interface SettingCondition {
  setting: string;
  in?: string[];
  present?: boolean;
}

/** An account-specific value the user gives in the organisation description (`settings`). */
export interface SettingSpec {
  description: string;
  required: boolean;
  /** An example value, shown in documentation and error messages. */
  example: string;
  /** An ECMAScript regular expression (with the `u` flag) the whole value must match. */
  pattern?: string;
  /** The only values allowed. */
  enum?: string[];
  /** The value used when the user gives none. */
  default?: string;
}

/** One `include:` domain the customer's SPF record names (RFC 7208 §5.2). */
export interface SpfIncludeFact extends Sourced {
  /** The include's domain, a template: `spf.protection.outlook.com`, `{region}._netblocks.mimecast.com`. */
  domain: string;
  when?: SettingCondition[];
  /**
   * Includes sharing a group are alternatives: one of them is enough to authorise the provider (a regional
   * and a global include, an old and a new name). Without a group the include stands alone.
   */
  group?: string;
  /** An older documented form: accepted (when grouped) and used for detection, never proposed. */
  legacy?: boolean;
  note?: string;
}

/** Another SPF term the customer adds, written in full: `a:dispatch-us.ppe-hosted.com`. */
export interface SpfMechanismFact extends Sourced {
  /** A template of the whole term (`a:`, `mx:`, `ip4:`, `ip6:` or `exists:` and its argument). */
  term: string;
  when?: SettingCondition[];
  group?: string;
  legacy?: boolean;
  note?: string;
}

/**
 * On which domain the customer publishes the provider's SPF terms:
 * - `from-domain`: the domain in the From address (its envelope uses that domain, or the terms are
 *   documented for it);
 * - `mail-from-domain`: the custom MAIL FROM (bounce) domain, a subdomain of the From domain;
 * - `provider-managed`: the customer publishes nothing; the bounce domain is delegated (CNAME or
 *   NS) to the provider, which publishes its SPF there.
 */
export type SpfPlacement = "from-domain" | "mail-from-domain" | "provider-managed";

export interface SpfFact {
  includes: SpfIncludeFact[];
  mechanisms: SpfMechanismFact[];
  publishedOn: Sourced & { on: SpfPlacement; note?: string };
}

/** A DNS record a feature needs (templates): `MX {mailFromDomain} 10 feedback-smtp.{region}.amazonses.com`. */
export interface DnsRequirement {
  type: "CNAME" | "MX" | "TXT" | "NS";
  /** The owner name, a template (often a setting such as `{mailFromDomain}`). */
  name: string;
  /** The record data, a template; a CNAME target may contain provider-assigned placeholders. */
  value: string;
  /** Other documented data for the same record, any one of which is accepted instead of `value`. */
  alternatives?: string[];
  note?: string;
}

/** The envelope (RFC 5321.MailFrom) domain the provider uses when the customer sets none. */
export interface MailFromDefaultFact extends Sourced {
  /**
   * `provider`: a domain the provider owns (`sendgrid.net`), so SPF cannot align with the From
   * domain; `sender`: the sender's own address, so the envelope domain is the From domain.
   */
  kind: "provider" | "sender";
  /** With `provider`: the bounce domain (a template). */
  domain?: string;
  /** With `provider`: the envelope uses `domain` or a subdomain of it (`{id}.amazonses.com`). */
  subdomains?: boolean;
  note?: string;
}

/** Whether the customer can make the provider use their own envelope domain, and how. */
export interface MailFromCustomFact extends Sourced {
  /** `null` when the sources do not say. */
  supported: boolean | null;
  /** The setting that names the custom envelope domain (`returnPathDomain`, `mailFromDomain`). */
  setting?: string;
  /** What the custom domain needs in DNS. */
  dns: DnsRequirement[];
  note?: string;
}

export interface MailFromFact {
  default: MailFromDefaultFact;
  custom: MailFromCustomFact;
}

/** One DKIM selector the provider uses for the customer's domain (RFC 6376 §3.1). */
export interface DkimSelectorFact extends Sourced {
  /** The selector, a template: `selector1`, `{dkimSelector}`, `hs1-{hubId}`, `{token}`. */
  selector: string;
  /**
   * `cname`: the customer publishes a CNAME to a key the provider hosts (and rotates); `txt`: the
   * customer publishes the key itself; `either`: both are documented, or the sources do not say.
   */
  record: "cname" | "txt" | "either";
  /** With `cname`: every documented form of the target (templates); any of them is accepted. */
  targets?: string[];
  when?: SettingCondition[];
  /** An older form: recognised in DNS, never proposed for a new set-up. */
  legacy?: boolean;
  note?: string;
}

/** How the provider signs before the customer's own domain is set up for DKIM. */
export interface DkimDefaultSigningFact extends Sourced {
  when?: SettingCondition[];
  /** True when it signs with a domain of its own (not aligned with the From domain); null when unknown. */
  signsWithOwnDomain: boolean | null;
  /** That signing domain (a template): `{tenant}.onmicrosoft.com`, `sendgrid.net`. */
  domain?: string;
  note?: string;
}

export interface DkimFact {
  selectors: DkimSelectorFact[];
  /**
   * The setting naming the domain the provider signs with (`d=`) when it is not the From domain
   * (Mailgun signs with its sending domain); without it, or when the user leaves it out, the From domain.
   */
  signingDomainSetting?: string;
  /** The first whose `when` holds applies (a fact per cloud or region where they differ). */
  defaultSigning: DkimDefaultSigningFact[];
}

/** An inbound MX host the provider's customers point their domain at (a template). */
export interface MxFact extends Sourced {
  host: string;
  when?: SettingCondition[];
  note?: string;
}

/**
 * Patterns that tell, from DNS alone, that a domain uses this provider (zero-configuration
 * `check <domain>`). Each is a template matched as a suffix: the name itself or any name below it.
 */
export interface DetectPatterns {
  /** Domains named by `include:` (or `a:`) terms in an SPF record. */
  spfIncludes: string[];
  /** CNAME targets (DKIM selectors, bounce domains). */
  cnameTargets: string[];
  /** MX hosts. */
  mxHosts: string[];
}

export type ProviderKind = "mailbox" | "esp" | "marketing" | "helpdesk" | "gateway";

/** One provider of the catalog. */
export interface ProviderEntry {
  /** Lower-case, hyphenated; fixed for the built-in entries (contract `org.md`). */
  id: string;
  name: string;
  kind: ProviderKind;
  /** One paragraph: what the provider does with the customer's mail, and the facts to know. */
  summary: string;
  /** The account settings a user gives in the organisation description, by camelCase name. */
  settings: Record<string, SettingSpec>;
  /** Placeholders whose value the provider assigns and no setting gives (`partition`, `id`). */
  assigned?: Record<string, string>;
  spf: SpfFact;
  mailFrom: MailFromFact;
  dkim: DkimFact;
  mx?: MxFact[];
  detect: DetectPatterns;
}

/** A set of provider entries: the built-in ones, optionally with the user's own. */
export interface ProviderCatalog {
  readonly entries: readonly ProviderEntry[];
}
