/**
 * Which provider a DKIM CNAME target belongs to: a small built-in table, used when the caller does
 * not pass `providerOf` (the provider catalog, `src/providers/`, can replace it). Data only.
 *
 * Ids are the catalog's fixed ids (docs/org.md, `providers[].catalog`) where the catalog has the
 * provider; the others are lower-case hyphenated names. Facts and confidence tags come from
 * the provider catalog's sources (docs/providers.md; C: vendor documentation, O: observed pattern).
 */

/** One pattern: a target that ends with `suffix` (a whole-label match) belongs to `provider`. */
export interface TargetPattern {
  provider: string;
  /** Matched as the name itself or a name below it, case-insensitively. */
  suffix: string;
  /** The documented target form, for the docs. */
  example: string;
  confidence: "C" | "O" | "S" | "U";
}

export const DKIM_TARGET_PATTERNS: readonly TargetPattern[] = [
  {
    provider: "microsoft365",
    suffix: "onmicrosoft.com",
    example: "selector1-contoso-com._domainkey.contoso.onmicrosoft.com",
    confidence: "C",
  },
  {
    provider: "microsoft365",
    suffix: "dkim.mail.microsoft",
    example: "selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft",
    confidence: "C",
  },
  { provider: "amazon-ses", suffix: "dkim.amazonses.com", example: "{token}.dkim.amazonses.com", confidence: "C" },
  { provider: "sendgrid", suffix: "sendgrid.net", example: "s1.domainkey.u1234.wl123.sendgrid.net", confidence: "O" },
  { provider: "mailgun", suffix: "mgsend.org", example: "pdk1._domainkey.{id}.dkim1.us.mgsend.org", confidence: "O" },
  { provider: "mailgun", suffix: "mailgun.com", example: "pdk1._domainkey.{id}.dkim1.mailgun.com", confidence: "O" },
  { provider: "mandrill", suffix: "mandrillapp.com", example: "dkim1.mandrillapp.com", confidence: "O" },
  { provider: "mailchimp", suffix: "mcsv.net", example: "dkim2.mcsv.net", confidence: "C" },
  { provider: "brevo", suffix: "dkim.brevo.com", example: "b1.contoso-com.dkim.brevo.com", confidence: "O" },
  {
    provider: "hubspot",
    suffix: "hubspotemail.net",
    example: "contoso-com.hs01a.dkim.hubspotemail.net",
    confidence: "O",
  },
  { provider: "zendesk", suffix: "zendesk.com", example: "zendesk1._domainkey.zendesk.com", confidence: "O" },
  {
    provider: "salesforce",
    suffix: "custdkim.salesforce.com",
    example: "{selector}.abc123.custdkim.salesforce.com",
    confidence: "O",
  },
  { provider: "smtp2go", suffix: "smtp2go.net", example: "dkim.smtp2go.net", confidence: "O" },
  { provider: "freshdesk", suffix: "freshemail.io", example: "wl123s1.domainkey.freshemail.io", confidence: "O" },
  { provider: "atlassian", suffix: "atlassian.net", example: "atlassian-abc123.dkim.atlassian.net", confidence: "O" },
  { provider: "fastmail", suffix: "dkim.fmhosted.com", example: "fm1.contoso.com.dkim.fmhosted.com", confidence: "C" },
];

/** The provider a CNAME target belongs to by the built-in table, or undefined. */
export function builtinProviderOf(target: string): string | undefined {
  const name = target.toLowerCase().replace(/\.$/, "");
  const match = DKIM_TARGET_PATTERNS.find((p) => name === p.suffix || name.endsWith(`.${p.suffix}`));
  return match?.provider;
}
