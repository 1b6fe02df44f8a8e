/**
 * The built-in DKIM selector candidates for discovery, each with where it comes from. Selectors
 * cannot be listed from DNS (RFC 6376 §3.1 makes them arbitrary names), so discovery can only try
 * names that providers and common software are known to use; users add their own.
 *
 * Facts and confidence tags come from the provider catalog's sources (docs/providers.md; C: the vendor's own
 * documentation or Domain Connect template; O: a consistent pattern in public zone files; S: third-
 * party guides only; U: unconfirmed). Data only: the provider catalog can extend it through
 * `discoverSelectors(..., { candidates })`.
 *
 * Not guessable, so not listed (users must give them):
 * - Amazon SES Easy DKIM: three random tokens per identity (`{token}._domainkey`), C.
 * - Postmark: `{YYYYMMDDhhmmss}pm`, the second the key was made (e.g. `20131031155228pm`), C.
 * - SparkPost: `scph{MMYY}` for automatic keys (e.g. `scph0316`), C; only the month is guessable.
 * - Mimecast: `mimecast{YYYYMMDD}` (e.g. `mimecast20190719`), O.
 * - HubSpot today: `hs1-{hubId}` / `hs2-{hubId}`, O; SMTP2GO `s{id}`, O; Freshdesk random, O;
 *   Atlassian `atlassian-{hex6}`, O; Salesforce admin-chosen, O.
 */

/** One candidate selector. */
export interface SelectorCandidate {
  selector: string;
  /** Provider id (the catalog's where it has one), when the selector is a provider's. */
  provider?: string;
  /** Where the fact comes from. */
  source: string;
  confidence: "C" | "O" | "S" | "U";
}

const c = (
  selector: string,
  provider: string | undefined,
  source: string,
  confidence: SelectorCandidate["confidence"],
): SelectorCandidate =>
  provider === undefined ? { selector, source, confidence } : { selector, provider, source, confidence };

/** Selectors providers document or are seen to use. */
export const PROVIDER_SELECTORS: readonly SelectorCandidate[] = [
  c("selector1", "microsoft365", "Microsoft Defender docs: email-authentication-dkim-configure", "C"),
  c("selector2", "microsoft365", "Microsoft Defender docs: email-authentication-dkim-configure", "C"),
  c("google", "google-workspace", "Google Workspace Admin help 174124 (default prefix)", "C"),
  c("s1", "sendgrid", "SendGrid docs: how-to-set-up-domain-authentication", "C"),
  c("s2", "sendgrid", "SendGrid docs: how-to-set-up-domain-authentication", "C"),
  c("pdk1", "mailgun", "Mailgun automatic sender security (Domain Connect template)", "O"),
  c("pdk2", "mailgun", "Mailgun automatic sender security (Domain Connect template)", "O"),
  c("krs", "mailgun", "Mailgun legacy per-domain selector", "O"),
  c("mx", "mailgun", "Mailgun legacy per-domain selector", "O"),
  c("smtp", "mailgun", "Mailgun legacy per-domain selector", "O"),
  c("pic", "mailgun", "Mailgun legacy per-domain selector", "O"),
  c("mailo", "mailgun", "Mailgun legacy per-domain selector", "O"),
  c("k1", "mailchimp", "Mailchimp legacy (dkim.mcsv.net); also Mailgun legacy and generic", "O"),
  c("k2", "mailchimp", "Mailchimp Domain Connect template mailchimp.com.email-signing", "C"),
  c("k3", "mailchimp", "Mailchimp Domain Connect template mailchimp.com.email-signing", "C"),
  c("mte1", "mandrill", "Mandrill CNAMEs to dkim1.mandrillapp.com (zone files)", "O"),
  c("mte2", "mandrill", "Mandrill CNAMEs to dkim2.mandrillapp.com (zone files)", "O"),
  c("brevo1", "brevo", "Brevo Domain Connect template brevo.com.domain-authentication", "C"),
  c("brevo2", "brevo", "Brevo Domain Connect template brevo.com.domain-authentication", "C"),
  c("mail", "brevo", "Brevo/Sendinblue legacy TXT (also generic)", "O"),
  c("zendesk1", "zendesk", "Zendesk help 4408822303386 (CNAME values observed)", "O"),
  c("zendesk2", "zendesk", "Zendesk help 4408822303386 (CNAME values observed)", "O"),
  c("fm1", "fastmail", "Fastmail help 360060591153", "C"),
  c("fm2", "fastmail", "Fastmail help 360060591153", "C"),
  c("fm3", "fastmail", "Fastmail help 360060591153", "C"),
  c("mesmtp", "fastmail", "Fastmail (zone files)", "O"),
  c("hs1", "hubspot", "HubSpot older form (newer: hs1-{hubId})", "S"),
  c("hs2", "hubspot", "HubSpot older form (newer: hs2-{hubId})", "S"),
  c("mailjet", "mailjet", "Mailjet Domain Connect template mailjet.com.domain-auth", "C"),
  c("zmail", "zoho-mail", "Zoho Mail (admin-chosen; commonly zmail)", "S"),
  c("api", "elastic-email", "Elastic Email guide: your-domain (shared key)", "C"),
  c("resend", "resend", "Resend Domain Connect template resend.com.mail", "C"),
  c("salesforce", "salesforce", "Salesforce admin note (selector and alternate selector)", "U"),
  c("salesforcealt", "salesforce", "Salesforce admin note (selector and alternate selector)", "U"),
];

/** Generic selectors that self-hosted software and admins commonly choose (no single source: O). */
export const COMMON_SELECTORS: readonly SelectorCandidate[] = [
  "default",
  "dkim",
  "mail",
  "email",
  "k1",
  "s1",
  "s2",
  "key1",
  "key2",
  "sig1",
  "dkim1",
  "dkim2",
].map((selector) =>
  c(selector, undefined, "common self-hosted choice (OpenDKIM/rspamd defaults and admin habit)", "O"),
);

/**
 * Dated selectors (`2024`, `202401`): admins and rotation scripts name keys by year or month.
 * `years` years back from `now` are tried: the year itself and its January and July forms.
 */
export function datedSelectors(now: Date, years: number): SelectorCandidate[] {
  const out: SelectorCandidate[] = [];
  const current = now.getUTCFullYear();
  const count = Math.max(0, Math.min(10, Math.floor(years)));
  for (let year = current; year > current - count; year--) {
    for (const selector of [`${year}`, `${year}01`, `${year}07`]) {
      out.push(c(selector, undefined, "dated form (key rotation by year or month)", "O"));
    }
  }
  return out;
}
