/**
 * The evaluators `verifyMessage` uses when the caller gives none: this library's own `checkHost`
 * (RFC 7208) and `evaluateDmarc` (RFC 9989), through the same resolver as the DKIM keys.
 */
import { evaluateDmarc } from "../dmarc/evaluate.ts";
import { checkHost } from "../spf/check-host.ts";
import type { DmarcHook, SpfHook } from "./verify-types.ts";

/** SPF for the MAIL FROM identity (or HELO for a null reverse-path, RFC 7208 §2.4). */
export const defaultSpfHook: SpfHook = async (input) => {
  const result = await checkHost(
    { ip: input.ip, sender: input.mailFrom, ...(input.helo === undefined ? {} : { helo: input.helo }) },
    { resolver: input.resolver, ...(input.signal === undefined ? {} : { signal: input.signal }) },
  );
  const at = input.mailFrom.lastIndexOf("@");
  const domain = (
    input.mailFrom === "" ? (input.helo ?? "") : at < 0 ? input.mailFrom : input.mailFrom.slice(at + 1)
  ).toLowerCase();
  return { result: result.result, domain };
};

/** DMARC for the author domain with the SPF and DKIM outcomes. */
export const defaultDmarcHook: DmarcHook = async (input) => {
  const evaluation = await evaluateDmarc(
    {
      fromDomain: input.fromDomain,
      ...(input.spf.domain === null ? {} : { spf: { result: input.spf.result, domain: input.spf.domain } }),
      dkim: input.dkim.map((d) => ({ result: d.result, domain: d.domain, selector: d.selector })),
    },
    { resolver: input.resolver, ...(input.signal === undefined ? {} : { signal: input.signal }) },
  );
  return { result: evaluation.result, alignedBy: evaluation.alignedBy, policy: evaluation.policy?.p ?? null };
};
