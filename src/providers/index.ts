/**
 * `email-auth-audit/providers`: the provider catalog (Microsoft 365, Google Workspace, SendGrid,
 * Amazon SES...): every fact with its sources and confidence; user entries merged over the built-in
 * ones; recognising providers from SPF includes, DKIM CNAME targets and MX hosts; the templates
 * their names are written in. See docs/providers.md.
 */
export { identifyProviders, type ProviderEvidence, type ProviderEvidenceInput, type ProviderMatch } from "./match.ts";
export { CatalogError, createCatalog, getProvider, providerCatalog, validateProviderEntry } from "./registry.ts";
export { providerEntrySchema } from "./schema.ts";
export {
  conditionsHold,
  resolveSettings,
  type SettingProblem,
  type SettingValues,
  settingProblems,
} from "./settings.ts";
export {
  dashDomain,
  domainValues,
  expandTemplate,
  type MatcherOptions,
  matchesTemplate,
  type NameMatcher,
  normalizeTemplate,
  type TemplateCaptures,
  type TemplateValues,
  templateMatcher,
  templatePlaceholders,
} from "./template.ts";
export type {
  Confidence,
  DetectPatterns,
  DkimDefaultSigningFact,
  DkimFact,
  DkimSelectorFact,
  DnsRequirement,
  FactSource,
  MailFromCustomFact,
  MailFromDefaultFact,
  MailFromFact,
  MxFact,
  ProviderCatalog,
  ProviderEntry,
  ProviderKind,
  SettingCondition,
  SettingSpec,
  Sourced,
  SpfFact,
  SpfIncludeFact,
  SpfMechanismFact,
  SpfPlacement,
} from "./types.ts";
