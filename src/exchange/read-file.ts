/**
 * One export file: decode, parse (CLIXML or JSON), recognise each object's cmdlet, and read its
 * properties. Every failure is a problem naming the file (and the object and property); the rest of
 * the file is still read.
 */
import { decodeText, stripBom } from "../common/text-decode.ts";
import { certificateFromRawData } from "./certificate.ts";
import { type ExportItem, looksLikeXml, parseClixml } from "./clixml.ts";
import { type CmdletSpec, cmdletFromFileName, cmdletList, cmdletSpec, recogniseObject } from "./cmdlets.ts";
import { fileEnvironment, type ReadObject } from "./environment.ts";
import { looksLikeJson, parseJsonExport } from "./json-export.ts";
import { describeValue, getProp, isPsObject, type PsObject, shortTypeName } from "./ps-value.ts";
import type { ExchangeFile, ExchangeProblem, ExchangeSource, ExportFormat } from "./types.ts";
import { readValue } from "./values.ts";

/** Resolved limits (see `ReadExchangeOptions`). */
export interface FileLimits {
  maxFileBytes: number;
  maxObjects: number;
  maxDepth: number;
}

/** What one file gave. */
export interface FileResult {
  info: ExchangeFile;
  objects: (ReadObject & { source: ExchangeSource })[];
  problems: ExchangeProblem[];
}

const LABEL_KEYS = ["Name", "Identity", "DomainName", "Domain", "Thumbprint", "User"] as const;

/** How an object is named in messages: its name-like property, its ToString, or its position. */
export function objectLabel(obj: PsObject, index: number): string {
  for (const key of LABEL_KEYS) {
    const v = getProp(obj, key);
    if (typeof v === "string" && v.length > 0) return v;
    if (isPsObject(v) && v.text !== undefined && v.text.length > 0) return v.text;
  }
  if (obj.text !== undefined && obj.text.length > 0 && obj.text.length < 200) return obj.text;
  return `#${index + 1}`;
}

function expectation(file: string): string {
  const hinted = cmdletFromFileName(file);
  return hinted === undefined
    ? `expected the output of one of ${cmdletList()}`
    : `expected ${hinted.cmdlet} output (from the file name)`;
}

/** Reads one object's properties as its cmdlet's schema says. */
function readObject(
  spec: CmdletSpec,
  obj: PsObject,
  label: string,
  file: string,
  problems: ExchangeProblem[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(spec.props)) {
    const raw = getProp(obj, name);
    if (raw === undefined) continue;
    const r = readValue(kind, raw);
    if (r.ok) out[name] = r.value;
    else {
      problems.push({
        severity: "error",
        file,
        object: label,
        property: name,
        cmdlet: spec.cmdlet,
        message: `${file}: ${spec.cmdlet} object "${label}", property ${name}: ${r.error}; the property is left out`,
      });
    }
  }
  if (spec.cmdlet === "Get-ExchangeCertificate") {
    const der = certificateFromRawData(obj);
    if (der !== undefined && "error" in der) {
      problems.push({
        severity: "error",
        file,
        object: label,
        property: "RawData",
        cmdlet: spec.cmdlet,
        message: `${file}: ${spec.cmdlet} object "${label}": ${der.error}`,
      });
    } else if (der !== undefined) Object.assign(out, der.fields);
  }
  return out;
}

function decode(file: string, content: string | Uint8Array, limits: FileLimits) {
  const size = typeof content === "string" ? content.length : content.byteLength;
  if (size > limits.maxFileBytes) {
    return { error: `${file} is ${size} bytes, more than the ${limits.maxFileBytes} read; it is skipped` };
  }
  if (typeof content === "string") return { text: stripBom(content) };
  const decoded = decodeText(content);
  if (!decoded.ok) return { error: `${file} ${decoded.error}` };
  return { text: decoded.text, encoding: decoded.encoding, bom: decoded.bom };
}

/** Reads one export file. Never throws. */
export function readExportFile(file: string, content: string | Uint8Array, limits: FileLimits): FileResult {
  const problems: ExchangeProblem[] = [];
  const info: ExchangeFile = { file, cmdlets: [], objects: 0, environment: "unknown" };
  const hinted = cmdletFromFileName(file);
  const fail = (message: string): FileResult => {
    const problem: ExchangeProblem = { severity: "error", file, message };
    if (hinted !== undefined) problem.cmdlet = hinted.cmdlet;
    return { info, objects: [], problems: [problem] };
  };

  const decoded = decode(file, content, limits);
  if (decoded.error !== undefined) return fail(decoded.error);
  if (decoded.encoding !== undefined) {
    info.encoding = decoded.encoding;
    info.bom = decoded.bom;
  }
  const text = decoded.text;
  let format: ExportFormat;
  if (looksLikeXml(text)) format = "clixml";
  else if (looksLikeJson(text)) format = "json";
  else if (text.trim().length === 0) {
    if (hinted !== undefined) info.cmdlets.push(hinted.cmdlet);
    problems.push({ severity: "warning", file, message: `${file} is empty: no objects were read` });
    return { info, objects: [], problems };
  } else if (hinted === undefined && !looksLikeFormattedText(text)) {
    problems.push({
      severity: "warning",
      file,
      message: `${file} is neither XML nor JSON, so not an Exchange export; it is skipped`,
    });
    return { info, objects: [], problems };
  } else {
    const how = looksLikeFormattedText(text)
      ? "is PowerShell's formatted text (Format-List, Format-Table or plain output), which cannot be read reliably"
      : "is neither XML nor JSON";
    return fail(
      `${file} ${how}: ${expectation(file)}, written by Export-Clixml or ConvertTo-Json (see docs/exchange.md)`,
    );
  }
  info.format = format;
  const limitsOf = { maxObjects: limits.maxObjects, maxDepth: limits.maxDepth };
  const parsed = format === "clixml" ? parseClixml(text, limitsOf) : parseJsonExport(text, limitsOf);
  if (!parsed.ok) return fail(`${file} ${parsed.error}`);
  for (const w of parsed.warnings) problems.push({ severity: "warning", file, message: `${file} ${w}` });
  if (parsed.items.length === 0) {
    if (hinted !== undefined) info.cmdlets.push(hinted.cmdlet);
    problems.push({ severity: "warning", file, message: `${file} holds no objects` });
    return { info, objects: [], problems };
  }

  const read: (ReadObject & { index: number })[] = [];
  const unknown: { item: ExportItem; index: number }[] = [];
  parsed.items.forEach((item, index) => {
    const obj = item.value;
    const spec = !isPsObject(obj) ? undefined : item.hint !== undefined ? cmdletSpec(item.hint) : recogniseObject(obj);
    if (spec === undefined || !isPsObject(obj)) {
      unknown.push({ item, index });
      return;
    }
    const label = objectLabel(obj, index);
    read.push({ spec, value: readObject(spec, obj, label, file, problems), index });
  });

  if (read.length === 0) {
    const first = unknown[0]?.item;
    const found = first === undefined ? "" : `; found ${describeFound(first)}`;
    return fail(`${file} is not a known Exchange export: ${expectation(file)}${found}`);
  }
  for (const { item, index } of unknown) {
    const label = isPsObject(item.value) ? objectLabel(item.value, index) : `#${index + 1}`;
    problems.push({
      severity: "warning",
      file,
      object: label,
      message: `${file}: object "${label}" is not the output of a known cmdlet (${describeFound(item)}); it is skipped`,
    });
  }

  const environment = fileEnvironment(file, read);
  info.environment = environment;
  const cmdlets = [...new Set(read.map((r) => r.spec.cmdlet))];
  info.cmdlets = cmdlets;
  info.objects = read.length;
  if (hinted !== undefined && !cmdlets.includes(hinted.cmdlet)) {
    problems.push({
      severity: "warning",
      file,
      cmdlet: hinted.cmdlet,
      message: `${file}: the file name suggests ${hinted.cmdlet}, but it holds ${cmdlets.join(", ")} output, read as such`,
    });
  }
  const objects = read.map((r) => ({
    spec: r.spec,
    value: r.value,
    source: {
      file,
      index: r.index,
      format,
      cmdlet: r.spec.cmdlet,
      environment: r.spec.environment === "unknown" ? environment : r.spec.environment,
    },
  }));
  return { info, objects, problems };
}

/** `Name : value` lines, as `Format-List` writes them. */
function looksLikeFormattedText(text: string): boolean {
  const lines = text.split(/\r?\n/, 50).filter((l) => l.trim().length > 0);
  return (
    lines.length >= 2 && lines.filter((l) => /^[A-Za-z][A-Za-z0-9]*\s*:\s/.test(l) || /^-{3,}/.test(l)).length >= 2
  );
}

function describeFound(item: ExportItem): string {
  if (item.hint !== undefined && cmdletSpec(item.hint) === undefined)
    return `a bundle key ${item.hint} that names no cmdlet read`;
  const v = item.value;
  if (!isPsObject(v)) return describeValue(v);
  const type = v.typeNames[0];
  const props = [...v.props.values()].slice(0, 6).map((p) => p.name);
  const what = type === undefined ? "an object" : `a ${shortTypeName(type)} object`;
  return `${what}${props.length > 0 ? ` with properties ${props.join(", ")}${v.props.size > 6 ? "..." : ""}` : " without properties"}`;
}
