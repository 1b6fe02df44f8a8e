/**
 * The BIMI Assertion Record at `<selector>._bimi.<domain>`
 * (draft-brand-indicators-for-message-identification, "BIMI draft" below, §4.2): a tag-list
 * (RFC 6376 §3.2 syntax) whose first tag is `v=BIMI1`; `l=` the HTTPS location of the SVG logo,
 * `a=` the HTTPS location of the evidence document (VMC/CMC), `lps=` local-part selectors,
 * `avp=` avatar preference. Empty `l=` and `a=` together decline BIMI.
 */
import { parseTagList, type TagSpec } from "../common/tag-list.ts";
import { diagnostic, doc, hasErrors, shown } from "./diagnostic.ts";
import type { TransportDiagnostic, TransportRef } from "./types.ts";

/** What {@link parseBimiRecord} returns. */
export interface BimiRecordParse {
  valid: boolean;
  /** `l=`: the logo URL (absent when the tag is missing or empty). */
  location?: string;
  /** `a=`: the evidence document URL (absent when missing or empty). */
  evidence?: string;
  /** `lps=`: local-part selectors. */
  localPartSelectors: string[];
  /** `avp=`: `brand` (the default) or `personal`. */
  avatarPreference: "brand" | "personal";
  /** Both `l=` and `a=` empty or missing: the domain declines to publish a logo (BIMI draft §4.2). */
  declined: boolean;
  diagnostics: TransportDiagnostic[];
}

/** The BIMI draft this module follows. */
export const BIMI_DRAFT = "draft-brand-indicators-for-message-identification";
const REF: TransportRef = doc(BIMI_DRAFT, "4.2");
const KNOWN = new Set(["v", "l", "a", "lps", "avp"]);
const LPS_RE = /^[A-Za-z0-9-]{1,63}$/;

/** Whether `value` is an https: URL with a fully qualified host name (BIMI draft §4.2 `l=`, `a=`). */
export function httpsUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "not a URL";
  }
  if (url.protocol !== "https:") return `the scheme must be https, not ${url.protocol.replace(/:$/, "")}`;
  if (!url.hostname.includes(".") || /^[0-9.]+$/.test(url.hostname) || url.hostname.startsWith("["))
    return "the host must be a fully qualified domain name";
  if (value.includes(",")) return "only one URL is allowed";
  return undefined;
}

function urlTag(tag: TagSpec, diagnostics: TransportDiagnostic[]): string | undefined {
  if (tag.value === "") return undefined;
  const problem = httpsUrlProblem(tag.value);
  if (problem) {
    diagnostics.push(
      diagnostic(`bimi-record-${tag.name}-url`, "error", `${tag.name}=${shown(tag.value)}: ${problem}`, [REF], {
        start: tag.valueStart,
        end: tag.valueEnd,
        field: tag.name,
      }),
    );
    return undefined;
  }
  return tag.value;
}

/** Parses one BIMI record (character-strings joined). Never throws. */
export function parseBimiRecord(text: string): BimiRecordParse {
  const input = typeof text === "string" ? text.slice(0, 4096) : "";
  const list = parseTagList(input, { caseInsensitiveNames: true });
  const diagnostics: TransportDiagnostic[] = list.problems.map((p) =>
    diagnostic(`bimi-record-${p.kind}`, "error", p.message, [REF], {
      start: p.start,
      end: p.end,
      ...(p.name ? { field: p.name } : {}),
    }),
  );
  const result: BimiRecordParse = {
    valid: false,
    localPartSelectors: [],
    avatarPreference: "brand",
    declined: false,
    diagnostics,
  };
  const first = list.tags[0];
  if (first?.name !== "v" || first.value !== "BIMI1") {
    diagnostics.push(
      diagnostic(
        "bimi-record-version",
        "error",
        'the record must start with "v=BIMI1" (exactly; receivers ignore the whole record otherwise)',
        [REF],
        {
          start: first?.start ?? 0,
          end: first?.end ?? input.length,
          field: "v",
        },
      ),
    );
  }
  const seen = new Set<string>();
  let sawL = false;
  let sawA = false;
  for (const tag of list.tags.slice(1)) {
    const name = tag.name.toLowerCase();
    if (seen.has(name)) continue; // duplicates are already a tag-list problem
    seen.add(name);
    if (!KNOWN.has(name)) {
      diagnostics.push(
        diagnostic("bimi-record-unknown-tag", "info", `unknown tag "${tag.name}" is ignored`, [REF], {
          start: tag.start,
          end: tag.end,
          field: tag.name,
        }),
      );
      continue;
    }
    if (name === "v") {
      diagnostics.push(
        diagnostic("bimi-record-version-repeated", "error", '"v" may appear only first', [REF], {
          start: tag.start,
          end: tag.end,
          field: "v",
        }),
      );
    } else if (name === "l") {
      sawL = true;
      const url = urlTag(tag, diagnostics);
      if (url !== undefined) result.location = url;
      if (url !== undefined && !/\.svg(\?|#|$)/i.test(new URL(url).pathname + new URL(url).search))
        diagnostics.push(
          diagnostic(
            "bimi-record-l-extension",
            "info",
            "the logo URL does not end in .svg (fine if the server sends image/svg+xml)",
            [REF],
            { start: tag.valueStart, end: tag.valueEnd, field: "l" },
          ),
        );
    } else if (name === "a") {
      sawA = true;
      const url = urlTag(tag, diagnostics);
      if (url !== undefined) result.evidence = url;
    } else if (name === "lps") {
      for (const part of tag.value.split(",").map((s) => s.trim())) {
        if (LPS_RE.test(part)) result.localPartSelectors.push(part.toLowerCase());
        else
          diagnostics.push(
            diagnostic(
              "bimi-record-lps",
              "error",
              `local-part selector ${shown(part)} must be 1 to 63 letters, digits or hyphens`,
              [REF],
              { start: tag.valueStart, end: tag.valueEnd, field: "lps" },
            ),
          );
      }
    } else if (name === "avp") {
      const v = tag.value.toLowerCase();
      if (v === "brand" || v === "personal") result.avatarPreference = v;
      else
        diagnostics.push(
          diagnostic("bimi-record-avp", "error", `avp must be "brand" or "personal", not ${shown(tag.value)}`, [REF], {
            start: tag.valueStart,
            end: tag.valueEnd,
            field: "avp",
          }),
        );
    }
  }
  result.declined = result.location === undefined && result.evidence === undefined && !hasErrors(diagnostics);
  if (!sawL && !sawA && !hasErrors(diagnostics)) {
    diagnostics.push(
      diagnostic("bimi-record-empty", "warning", 'the record has neither "l=" nor "a=": it declines BIMI', [REF], {
        start: 0,
        end: input.length,
      }),
    );
  }
  result.valid = !hasErrors(diagnostics);
  return result;
}
