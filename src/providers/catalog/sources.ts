/**
 * Helpers that build the `sources` of catalog facts, so that the check date is written once.
 *
 * - `verified`: the fact was read in the source on {@link CHECKED_ON} (stored copies of vendor
 *   pages and repositories, searched while the catalog was written).
 * - `fromNotes`: the fact comes from the project's research notes (summarised in docs/providers.md),
 *   which name the source but carry no date; `checked` is `null` until someone re-checks it.
 */
import type { Confidence, FactSource } from "../types.ts";

/** The day the `verified` facts were checked. */
export const CHECKED_ON = "2026-11-23";

export function verified(url: string, confidence: Confidence, note?: string): FactSource {
  return note === undefined ? { url, checked: CHECKED_ON, confidence } : { url, checked: CHECKED_ON, confidence, note };
}

export function fromNotes(url: string, confidence: Confidence, note?: string): FactSource {
  return note === undefined ? { url, checked: null, confidence } : { url, checked: null, confidence, note };
}

/** A GitHub file URL (default branch) for the repository references of the research notes (`owner/repo:path`). */
export function github(repo: string, path: string): string {
  return `https://github.com/${repo}/blob/HEAD/${path}`;
}

/** The Domain Connect template repository (vendor-published DNS templates). */
export function domainConnect(file: string): string {
  return github("Domain-Connect/Templates", file);
}
