/** The sender inventory in Markdown: the classes, then the most voluminous sources (capped). */
import type { SenderInventory } from "../audit/report-types.ts";
import { mdCode, mdText } from "./markdown-text.ts";
import { classWord, inventoryLine, moreWords, num, ownerOf, ptrWords, SENDER_ROWS, share } from "./senders.ts";

/** The inventory section (a level-3 heading and two tables). */
export function sendersMarkdown(s: SenderInventory): string[] {
  const out = [
    "### Senders in DMARC reports",
    "",
    mdText(inventoryLine(s)),
    "",
    "| Class | Sources | Messages | DMARC pass |",
    "|---|---:|---:|---:|",
    ...s.classes.map(
      (k) =>
        `| ${mdText(classWord(k.class))} | ${num(k.sources)} | ${num(k.messages)} | ${share(k.dmarcPass, k.messages)} |`,
    ),
  ];
  if (s.rows.length > 0) {
    const shown = s.rows.slice(0, SENDER_ROWS.markdown);
    out.push(
      "",
      "| Source | From | Class | Messages | DMARC pass | Path / provider | PTR | Why |",
      "|---|---|---|---:|---:|---|---|---|",
      ...shown.map(
        (r) =>
          `| ${mdCode(r.ip)} | ${mdCode(r.fromDomain)} | ${r.class} | ${num(r.messages)} | ${share(r.dmarcPass, r.messages)} | ${mdText(ownerOf(r))} | ${mdText(ptrWords(r))} | ${mdText(r.why)} |`,
      ),
    );
    const more = moreWords(s, shown.length);
    if (more !== "") out.push("", `${mdText(more)} (the JSON and HTML formats list up to 200).`);
  }
  if (s.unlistedDomains.length > 0)
    out.push(
      "",
      `Domains not in the description: ${s.unlistedDomains.map((u) => `${mdCode(u.domain)} (${num(u.messages)} messages)`).join(", ")}.`,
    );
  return out;
}
