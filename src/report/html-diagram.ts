/**
 * The sending paths drawn as an inline SVG diagram, one row per path:
 *
 *   From domain ──▶ path (smart host / provider, MAIL FROM) ──▶ SPF  ──▶ DMARC (policy)
 *                                                         └──▶ DKIM ──┘
 *
 * Boxes and arrows are green when that identifier counts for DMARC (passes *and* aligns), red
 * where it breaks (class `breaks`, with a "breaks here" mark), amber for a DMARC pass that rests on
 * one identifier only. Every label is escaped and clipped to its box; the full text is the box's
 * `<title>` tooltip.
 */
import type { PathVerdict } from "../verdicts/types.ts";
import { clip, esc } from "./html-escape.ts";
import {
  columnTone,
  dkimColumn,
  dkimReason,
  dmarcColumn,
  pathReason,
  spfColumn,
  spfReason,
  viaLabel,
} from "./verdicts.ts";

type Tone = "ok" | "bad" | "warn" | "plain";

const ROW = 128;
const WIDTH = 1000;
/** Characters that fit on one line of a box at the diagram's font size (about 6.7 px each). */
const perLine = (width: number) => Math.floor((width - 20) / 6.7);

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  tone: Tone;
  lines: string[];
  /** The tooltip, one entry a line (each escaped on its own: data cannot add a line). */
  title: string | string[];
  stage: string;
  breaks?: boolean;
}

function box(b: Box): string {
  const max = perLine(b.w);
  const text = b.lines
    .map(
      (line, i) =>
        `<text x="${b.x + 10}" y="${b.y + 20 + i * 17}"${i === 0 ? ' class="head"' : ""}>${esc(clip(line, max))}</text>`,
    )
    .join("");
  const mark = b.breaks
    ? `<text class="break-mark" x="${b.x + b.w - 8}" y="${b.y - 5}" text-anchor="end">✖ breaks here</text>`
    : "";
  return `<g class="box ${b.tone}${b.breaks ? " breaks" : ""}" data-stage="${b.stage}"><title>${(typeof b.title === "string" ? [b.title] : b.title).map(esc).join("\n")}</title><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8"/>${text}${mark}</g>`;
}

function arrow(x1: number, y1: number, x2: number, y2: number, tone: Tone): string {
  const mid = (x1 + x2) / 2;
  return `<path class="edge ${tone}" d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 6},${y2}" marker-end="url(#arrow-${tone})"/>`;
}

function row(path: PathVerdict, index: number): string {
  const top = index * ROW + 14;
  const spf = spfColumn(path);
  const dkim = dkimColumn(path);
  const dmarc = dmarcColumn(path);
  const dmarcTone: Tone = !dmarc.ok ? columnTone(dmarc) : path.verdict === "pass" ? "ok" : "warn";
  const spfDetail = path.spf.ips.find((ip) => ip.result === path.spf.result);
  const dkimLine = path.dkim.map((d) => `s=${d.selector} d=${d.domain}`).join(", ") || "no signature";
  const from: Box = {
    x: 10,
    y: top + 24,
    w: 200,
    h: 58,
    tone: "plain",
    stage: "from",
    lines: ["From", path.fromDomain],
    title: `From: ${path.fromDomain}`,
  };
  const via: Box = {
    x: 260,
    y: top + 14,
    w: 250,
    h: 78,
    tone: "plain",
    stage: "path",
    lines: [path.id, viaLabel(path), `MAIL FROM ${path.mailFrom.domain}`],
    title: [
      `${path.id}${path.description ? `: ${path.description}` : ""}`,
      `via ${viaLabel(path)}`,
      `MAIL FROM ${path.mailFrom.domain} (${path.mailFrom.source})`,
    ],
  };
  const spfBox: Box = {
    x: 560,
    y: top + 4,
    w: 200,
    h: 50,
    tone: columnTone(spf),
    stage: "spf",
    breaks: columnTone(spf) === "bad",
    lines: [`SPF ${spf.label}`, `${path.spf.domain}${spfDetail?.matched ? ` · ${spfDetail.matched.term}` : ""}`],
    title: spfReason(path) ?? `SPF passes for ${path.spf.domain} and aligns with ${path.fromDomain}`,
  };
  const dkimBox: Box = {
    x: 560,
    y: top + 64,
    w: 200,
    h: 50,
    tone: columnTone(dkim),
    stage: "dkim",
    breaks: columnTone(dkim) === "bad",
    lines: [`DKIM ${dkim.label}`, dkimLine],
    title: dkimReason(path) ?? `DKIM passes and aligns: ${dkimLine}`,
  };
  const dmarcBox: Box = {
    x: 810,
    y: top + 24,
    w: 180,
    h: 58,
    tone: dmarcTone,
    stage: "dmarc",
    breaks: columnTone(dmarc) === "bad",
    lines: [
      `DMARC ${dmarc.ok ? "PASS" : dmarc.unknown ? `UNKNOWN (${path.dmarc.result})` : `FAIL (${path.dmarc.result})`}`,
      `${path.dmarc.policy ? `p=${path.dmarc.policy.p}` : "no policy"} · ${path.dmarc.alignedBy.length > 0 ? `via ${path.dmarc.alignedBy.map((x) => x.toUpperCase()).join(" + ")}` : "nothing aligned"}`,
    ],
    title: pathReason(path),
  };
  return [
    `<g class="path-row" data-path="${esc(path.id)}" data-verdict="${path.verdict}">`,
    arrow(from.x + from.w, top + 53, via.x, top + 53, "plain"),
    arrow(via.x + via.w, top + 53, spfBox.x, spfBox.y + 25, spfBox.tone),
    arrow(via.x + via.w, top + 53, dkimBox.x, dkimBox.y + 25, dkimBox.tone),
    arrow(spfBox.x + spfBox.w, spfBox.y + 25, dmarcBox.x, top + 45, spfBox.tone),
    arrow(dkimBox.x + dkimBox.w, dkimBox.y + 25, dmarcBox.x, top + 61, dkimBox.tone),
    box(from),
    box(via),
    box(spfBox),
    box(dkimBox),
    box(dmarcBox),
    `</g>`,
  ].join("\n");
}

const TONES: Tone[] = ["ok", "bad", "warn", "plain"];

/** The diagram of every path, or an empty string when there are none. */
export function pathsDiagram(paths: readonly PathVerdict[]): string {
  if (paths.length === 0) return "";
  const height = paths.length * ROW + 14;
  const markers = TONES.map(
    (t) =>
      `<marker id="arrow-${t}" class="${t}" viewBox="0 0 10 10" refX="2" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`,
  ).join("");
  return [
    `<svg id="paths-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="paths-diagram-title">`,
    `<title id="paths-diagram-title">Sending paths: From domain, path, SPF, DKIM and DMARC outcome</title>`,
    `<defs>${markers}</defs>`,
    ...paths.map(row),
    `</svg>`,
  ].join("\n");
}
