/**
 * The facts an audit resolves before any rule runs. Rules read these (and nothing else), so they
 * never ask DNS: every (name, type) has been asked once, concurrently, by the gatherers.
 */
import type { DkimKeyLookup } from "../dkim/types.ts";
import type { DmarcDiscovery, ReportDestinationsResult } from "../dmarc/results.ts";
import type { DnsAnswer } from "../dns/types.ts";
import type { PathPlan, PlannedSignature } from "../org/plan.ts";
import type { Organisation } from "../org/types.ts";
import type { ProviderMatch } from "../providers/match.ts";
import type { DnsRequirement, ProviderCatalog } from "../providers/types.ts";
import type { SpfAnalysis } from "../spf/analysis-types.ts";
import type { SpfSelection } from "../spf/record.ts";
import type { SpfCheckResult } from "../spf/types.ts";
import type { Egress } from "./egress.ts";
import type { ExchangeFacts } from "./exchange.ts";
import type { ReportFacts } from "./report-types.ts";
import type { TransportFacts } from "./transport.ts";

/** What one domain publishes. */
export interface DomainFacts {
  domain: string;
  /** False for a domain the description marks `sends: false`. */
  sends: boolean;
  /** Why the domain is audited: listed in the description, and/or a path's MAIL FROM domain. */
  roles: ("org" | "mail-from")[];
  /** The TXT answer at the domain, the SPF record selected from it (RFC 7208 §4.5), and the whole tree's analysis. */
  spf: { answer: DnsAnswer<"TXT">; selection: SpfSelection; analysis: SpfAnalysis };
  /** DMARC discovery for the domain as a From domain (org domains only). */
  dmarc?: DmarcDiscovery;
  /** The report destinations of the DMARC record that applies (org domains with a record). */
  reports?: ReportDestinationsResult;
  mx: DnsAnswer<"MX">;
  /** Providers recognised from this domain's DNS. */
  providers: ProviderMatch[];
}

/** One DKIM signature a path carries, and what DNS says of its key. */
export interface SignatureFacts {
  planned: PlannedSignature;
  /** Undefined when the selector could not be asked (a placeholder the provider assigns). */
  lookup?: DkimKeyLookup;
}

/** What DNS says of one path for one From domain: what a receiver would ask, asked. */
export interface GatheredPath {
  plan: PathPlan;
  egress: Egress;
  /** check_host() for each egress IP against the MAIL FROM domain. */
  spfChecks: { ip: string; check: SpfCheckResult }[];
  signatures: SignatureFacts[];
  /** DMARC discovery for the From domain. */
  discovery: DmarcDiscovery;
  /**
   * The records the provider's catalog entry requires for this path (a custom MAIL FROM domain's
   * MX, say) and what DNS answers at each. SPF TXT requirements are checked by SPF itself.
   */
  requirements: RequirementFacts[];
}

/** One DNS record a provider requires, and the answer at its name. */
export interface RequirementFacts {
  requirement: DnsRequirement;
  answer: DnsAnswer;
}

/** A DKIM key found by selector discovery (a check without a description). */
export interface DiscoveredKey {
  domain: string;
  selector: string;
  lookup: DkimKeyLookup;
  /** The catalog provider the selector's CNAME target (or name) points to. */
  provider: string | null;
}

/** Everything the gatherers asked DNS, before any verdict. */
export interface GatheredFacts {
  /** `audit`: an organisation description; `check`: a domain alone, with what discovery found. */
  kind: "audit" | "check";
  org: Organisation;
  catalog: ProviderCatalog;
  domains: DomainFacts[];
  paths: GatheredPath[];
  /** Check mode: the DKIM keys selector discovery found, and whether discovery could tell absence. */
  discovered?: { keys: DiscoveredKey[]; complete: boolean; asked: number; domain: string };
  /** Questions refused by the audit's query budget (findings say the audit is incomplete). */
  refusedQuestions: number;
  /** The Exchange configuration audited with the description, and what DNS says of it (`--exchange`). */
  exchange?: ExchangeFacts;
  /** What DMARC aggregate reports say, reconciled with the paths (when reports were given). */
  reports?: ReportFacts;
  /**
   * Transport security (src/facts/transport.ts): MTA-STS, TLS-RPT, DANE and BIMI of the domains that
   * receive mail, and the SMTP probes when asked for. Absent when the audit was told not to check them.
   */
  transport?: TransportFacts;
}
