/**
 * The rule registry: every rule of the audit, sorted by id. Rule ids are public (users filter on
 * them); `docs/rules/<id>.md` is generated from each rule's metadata by `npm run docs`.
 */

import bimiInvalid from "./bimi-invalid.ts";
import daneTlsaInvalid from "./dane-tlsa-invalid.ts";
import daneUnsigned from "./dane-unsigned.ts";
import type { AuditRule } from "./define.ts";
import directNotAuthorized from "./direct-not-authorized.ts";
import dkimCnameDangling from "./dkim-cname-dangling.ts";
import dkimKeyInvalid from "./dkim-key-invalid.ts";
import dkimKeyMissing from "./dkim-key-missing.ts";
import dkimKeyRevoked from "./dkim-key-revoked.ts";
import dkimKeyWeak from "./dkim-key-weak.ts";
import dkimNotFound from "./dkim-not-found.ts";
import dkimSelectorUnknown from "./dkim-selector-unknown.ts";
import dkimTestingMode from "./dkim-testing-mode.ts";
import dkimUnaligned from "./dkim-unaligned.ts";
import dmarcMissing from "./dmarc-missing.ts";
import dmarcMultipleRecords from "./dmarc-multiple-records.ts";
import dmarcPctPartial from "./dmarc-pct-partial.ts";
import dmarcPolicyNone from "./dmarc-policy-none.ts";
import dmarcReportDestinationUnauthorized from "./dmarc-report-destination-unauthorized.ts";
import dmarcRuaMissing from "./dmarc-rua-missing.ts";
import dmarcSubdomainWeaker from "./dmarc-subdomain-weaker.ts";
import dmarcSyntax from "./dmarc-syntax.ts";
import dnsTemperror from "./dns-temperror.ts";
import domainNotFound from "./domain-not-found.ts";
import exchangeAcceptedDomainUnprotected from "./exchange-accepted-domain-unprotected.ts";
import exchangeAnonymousRelay from "./exchange-anonymous-relay.ts";
import exchangeAutoForwardExternal from "./exchange-auto-forward-external.ts";
import exchangeConnectorTlsPolicyNone from "./exchange-connector-tls-policy-none.ts";
import exchangeDirectSendOpen from "./exchange-direct-send-open.ts";
import exchangeHeloNoSpf from "./exchange-helo-no-spf.ts";
import exchangeHeloNotFcrdns from "./exchange-helo-not-fcrdns.ts";
import exchangeHybridCloudServicesMail from "./exchange-hybrid-cloud-services-mail.ts";
import exchangeHybridConnectorCertificate from "./exchange-hybrid-connector-certificate.ts";
import exchangeOnlineDkimMismatch from "./exchange-online-dkim-mismatch.ts";
import exchangeOnlineDkimNotEnabled from "./exchange-online-dkim-not-enabled.ts";
import exchangeOnlineRelayRejected from "./exchange-online-relay-rejected.ts";
import exchangeOpenRelayDomain from "./exchange-open-relay-domain.ts";
import exchangeSmarthostCleartextAuth from "./exchange-smarthost-cleartext-auth.ts";
import exchangeSmarthostTlsUnverified from "./exchange-smarthost-tls-unverified.ts";
import exchangeStarttlsIgnored from "./exchange-starttls-ignored.ts";
import mtaStsInvalid from "./mta-sts-invalid.ts";
import mtaStsMxMismatch from "./mta-sts-mx-mismatch.ts";
import mtaStsPolicyUnreachable from "./mta-sts-policy-unreachable.ts";
import parkedDomainUnprotected from "./parked-domain-unprotected.ts";
import pathDmarcFail from "./path-dmarc-fail.ts";
import pathSingleAlignment from "./path-single-alignment.ts";
import pathVerdictUnknown from "./path-verdict-unknown.ts";
import providerDnsMissing from "./provider-dns-missing.ts";
import providerNotAuthorized from "./provider-not-authorized.ts";
import reportPathFailing from "./report-path-failing.ts";
import reportPathUnseen from "./report-path-unseen.ts";
import reportPolicyReadiness from "./report-policy-readiness.ts";
import reportUndeclaredSender from "./report-undeclared-sender.ts";
import reportUnknownDomain from "./report-unknown-domain.ts";
import smarthostNoAddress from "./smarthost-no-address.ts";
import smarthostNotAuthorized from "./smarthost-not-authorized.ts";
import smtpAuthBeforeTls from "./smtp-auth-before-tls.ts";
import smtpCertificateExpiring from "./smtp-certificate-expiring.ts";
import smtpCertificateInvalid from "./smtp-certificate-invalid.ts";
import smtpOpenRelay from "./smtp-open-relay.ts";
import smtpStarttlsMissing from "./smtp-starttls-missing.ts";
import smtpTlsOutdated from "./smtp-tls-outdated.ts";
import spfDuplicateInclude from "./spf-duplicate-include.ts";
import spfIncludeLoop from "./spf-include-loop.ts";
import spfMissing from "./spf-missing.ts";
import spfMultipleRecords from "./spf-multiple-records.ts";
import spfObsoleteRrType from "./spf-obsolete-rr-type.ts";
import spfPermissiveAll from "./spf-permissive-all.ts";
import spfPtr from "./spf-ptr.ts";
import spfRecordTooLong from "./spf-record-too-long.ts";
import spfSyntax from "./spf-syntax.ts";
import spfTooManyLookups from "./spf-too-many-lookups.ts";
import spfUnaligned from "./spf-unaligned.ts";
import spfUnreachableTerms from "./spf-unreachable-terms.ts";
import spfVoidLookups from "./spf-void-lookups.ts";
import tlsRptInvalid from "./tls-rpt-invalid.ts";
import tlsRptMissing from "./tls-rpt-missing.ts";

/** Every rule, sorted by id. */
export const rules: readonly AuditRule[] = [
  providerDnsMissing,
  smarthostNoAddress,
  pathVerdictUnknown,
  domainNotFound,
  directNotAuthorized,
  dkimCnameDangling,
  dkimKeyInvalid,
  dkimKeyMissing,
  dkimKeyRevoked,
  dkimKeyWeak,
  dkimNotFound,
  dkimSelectorUnknown,
  dkimTestingMode,
  dkimUnaligned,
  dmarcMissing,
  dmarcMultipleRecords,
  dmarcPctPartial,
  dmarcPolicyNone,
  dmarcReportDestinationUnauthorized,
  dmarcRuaMissing,
  dmarcSubdomainWeaker,
  dmarcSyntax,
  dnsTemperror,
  exchangeAcceptedDomainUnprotected,
  exchangeAnonymousRelay,
  exchangeAutoForwardExternal,
  exchangeConnectorTlsPolicyNone,
  exchangeDirectSendOpen,
  exchangeHeloNoSpf,
  exchangeHeloNotFcrdns,
  exchangeHybridCloudServicesMail,
  exchangeHybridConnectorCertificate,
  exchangeOnlineDkimMismatch,
  exchangeOnlineRelayRejected,
  exchangeOpenRelayDomain,
  exchangeSmarthostCleartextAuth,
  exchangeSmarthostTlsUnverified,
  exchangeStarttlsIgnored,
  exchangeOnlineDkimNotEnabled,
  parkedDomainUnprotected,
  pathDmarcFail,
  pathSingleAlignment,
  providerNotAuthorized,
  reportPathFailing,
  reportPathUnseen,
  reportPolicyReadiness,
  reportUndeclaredSender,
  reportUnknownDomain,
  smarthostNotAuthorized,
  spfDuplicateInclude,
  spfIncludeLoop,
  spfMissing,
  spfMultipleRecords,
  spfObsoleteRrType,
  spfPermissiveAll,
  spfPtr,
  spfRecordTooLong,
  spfSyntax,
  spfTooManyLookups,
  spfUnaligned,
  spfUnreachableTerms,
  spfVoidLookups,
  bimiInvalid,
  daneTlsaInvalid,
  daneUnsigned,
  mtaStsInvalid,
  mtaStsMxMismatch,
  mtaStsPolicyUnreachable,
  smtpAuthBeforeTls,
  smtpCertificateExpiring,
  smtpCertificateInvalid,
  smtpOpenRelay,
  smtpStarttlsMissing,
  smtpTlsOutdated,
  tlsRptInvalid,
  tlsRptMissing,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

/** The rule with this id, or undefined. */
export function getRule(id: string): AuditRule | undefined {
  return rules.find((r) => r.meta.id === id);
}
