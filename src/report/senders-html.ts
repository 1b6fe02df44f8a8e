/**
 * The sender inventory in the HTML report: an inline SVG chart of the daily volume per class
 * (stacked bars, a tooltip per day; no script), the classes and the most voluminous sources
 * (capped, "... and N more"). Every string is escaped.
 */
import type { SenderInventory, SenderRow } from "../audit/report-types.ts";
import { esc } from "./html-escape.ts";
import {
  CLASS_WORDS,
  classWord,
  inventoryLine,
  moreWords,
  num,
  ownerOf,
  ptrWords,
  SENDER_ROWS,
  share,
} from "./senders.ts";

const CLASSES: readonly SenderRow["class"][] = ["path", "provider", "forwarder", "unknown"];
const WIDTH = 960;
const HEIGHT = 220;
const LEFT = 56;
const BOTTOM = 28;
const TOP = 12;

/** Daily messages per class as stacked bars (newest on the right). Empty when there is no day. */
export function sendersChart(s: SenderInventory): string {
  const days = s.days;
  if (days.length === 0) return "";
  const totals = days.map((d) => d.path + d.provider + d.forwarder + d.unknown);
  const max = Math.max(1, ...totals);
  const plotW = WIDTH - LEFT - 8;
  const plotH = HEIGHT - TOP - BOTTOM;
  const step = plotW / days.length;
  const barW = Math.max(1, step * 0.8);
  const y = (v: number) => TOP + plotH - (v / max) * plotH;
  const bars = days.map((d, i) => {
    const x = LEFT + i * step + (step - barW) / 2;
    let base = 0;
    const rects = CLASSES.map((c) => {
      const v = d[c];
      if (v === 0) return "";
      const top = y(base + v);
      const h = y(base) - top;
      base += v;
      return `<rect class="${c}" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${Math.max(0.5, h).toFixed(1)}"/>`;
    }).join("");
    const title = `${d.day}: ${CLASSES.map((c) => `${CLASS_WORDS[c]} ${num(d[c])}`).join(", ")}`;
    return `<g><title>${esc(title)}</title>${rects}</g>`;
  });
  const first = days[0]?.day ?? "";
  const last = days[days.length - 1]?.day ?? "";
  const axis = [
    `<line class="axis" x1="${LEFT}" y1="${TOP + plotH}" x2="${WIDTH - 8}" y2="${TOP + plotH}"/>`,
    `<line class="axis" x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + plotH}"/>`,
    `<text x="${LEFT - 6}" y="${TOP + 10}" text-anchor="end">${esc(num(max))}</text>`,
    `<text x="${LEFT - 6}" y="${TOP + plotH}" text-anchor="end">0</text>`,
    `<text x="${LEFT}" y="${HEIGHT - 8}">${esc(first)}</text>`,
    `<text x="${WIDTH - 8}" y="${HEIGHT - 8}" text-anchor="end">${esc(last)}</text>`,
  ];
  const legend = CLASSES.map(
    (c, i) =>
      `<rect class="${c}" x="${LEFT + 140 + i * 170}" y="${HEIGHT - 18}" width="10" height="10"/><text x="${LEFT + 155 + i * 170}" y="${HEIGHT - 8}">${esc(CLASS_WORDS[c])}</text>`,
  );
  return `<svg id="senders-chart" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Messages per day by class, ${esc(first)} to ${esc(last)}">${axis.join("")}${bars.join("")}${legend.join("")}</svg>`;
}

/** The inventory section: heading, chart, class table, sources table. */
export function sendersSection(s: SenderInventory, level: number): string {
  const n = Math.min(6, Math.max(1, level));
  const shown = s.rows.slice(0, SENDER_ROWS.html);
  const tone = (r: { dmarcPass: number; messages: number }) =>
    r.dmarcPass === r.messages ? "ok" : r.dmarcPass === 0 ? "bad" : "warn";
  const more = moreWords(s, shown.length);
  return [
    `<h${n} id="senders">Senders in DMARC reports</h${n}>`,
    `<p class="meta">${esc(inventoryLine(s))}</p>`,
    `<div class="diagram">${sendersChart(s)}</div>`,
    `<table class="sender-classes"><thead><tr><th>Class</th><th>Sources</th><th>Messages</th><th>DMARC pass</th></tr></thead><tbody>`,
    ...s.classes.map(
      (k) =>
        `<tr><td><span class="swatch ${esc(k.class)}"></span>${esc(classWord(k.class))}</td><td>${num(k.sources)}</td><td>${num(k.messages)}</td><td class="cell ${tone(k)}">${share(k.dmarcPass, k.messages)}</td></tr>`,
    ),
    `</tbody></table>`,
    ...(shown.length === 0
      ? []
      : [
          `<table class="senders"><thead><tr><th>Source</th><th>From</th><th>Class</th><th>Messages</th><th>DMARC pass</th><th>Path / provider</th><th>PTR</th><th>Why</th></tr></thead><tbody>`,
          ...shown.map(
            (r) =>
              `<tr data-class="${r.class}"><td><code>${esc(r.ip)}</code></td><td>${esc(r.fromDomain)}</td><td><span class="swatch ${r.class}"></span>${esc(r.class)}</td><td>${num(r.messages)}</td><td class="cell ${tone(r)}">${share(r.dmarcPass, r.messages)}</td><td>${esc(ownerOf(r))}</td><td>${esc(ptrWords(r))}</td><td>${esc(r.why)}</td></tr>`,
          ),
          `</tbody></table>`,
        ]),
    more === "" ? "" : `<p class="meta">${esc(more)} (the JSON report lists up to 200).</p>`,
    s.unlistedDomains.length === 0
      ? ""
      : `<p>Domains not in the description: ${s.unlistedDomains.map((u) => `<code>${esc(u.domain)}</code> (${num(u.messages)} messages)`).join(", ")}.</p>`,
  ]
    .filter((x) => x !== "")
    .join("\n");
}
