/**
 * Reading a folder (or a set) of Exchange exports into one {@link ExchangeConfig}. Which cmdlet a
 * file holds is recognised from its content, whatever it is called; every file, object and property
 * that cannot be read is a problem, and the rest is still read. Sizes, counts and depths are bounded.
 */
import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { CMDLETS } from "./cmdlets.ts";
import { type FileLimits, type FileResult, readExportFile } from "./read-file.ts";
import type { ExchangeConfig, ExchangeEnvironment, ExchangeProblem, ReadExchangeOptions } from "./types.ts";

const DEFAULTS = {
  maxFileBytes: 32 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxFiles: 500,
  maxObjects: 20_000,
  maxDepth: 64,
  maxFolderDepth: 2,
} as const satisfies Required<ReadExchangeOptions>;

function limitsOf(options: ReadExchangeOptions): Required<ReadExchangeOptions> {
  return { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
}

/** A configuration with nothing read. */
export function emptyExchangeConfig(): ExchangeConfig {
  return {
    sendConnectors: [],
    receiveConnectors: [],
    acceptedDomains: [],
    remoteDomains: [],
    transportConfig: [],
    exchangeCertificates: [],
    hybridConfiguration: [],
    adPermissions: [],
    outboundConnectors: [],
    inboundConnectors: [],
    dkimSigningConfigs: [],
    organizationConfig: [],
    outboundSpamPolicies: [],
    problems: [],
    files: [],
  };
}

function addFile(config: ExchangeConfig, result: FileResult): void {
  config.files.push(result.info);
  config.problems.push(...result.problems);
  for (const o of result.objects) {
    const list = config[o.spec.list] as unknown[];
    list.push({ ...o.value, source: o.source });
  }
}

/**
 * Objects of cmdlets that exist in both environments take the one environment the other exports
 * show, when they show exactly one (a folder of Exchange Server exports only).
 */
function settleEnvironments(config: ExchangeConfig): void {
  const lists = Object.values(config).filter(Array.isArray) as { source?: { environment: string } }[][];
  const objects = lists.flat().filter((o) => o.source !== undefined) as {
    source: { environment: ExchangeEnvironment };
  }[];
  const known = new Set(objects.map((o) => o.source.environment).filter((e) => e !== "unknown"));
  if (known.size !== 1) return;
  const only = [...known][0] as ExchangeEnvironment;
  for (const o of objects) if (o.source.environment === "unknown") o.source.environment = only;
  for (const f of config.files) if (f.environment === "unknown" && f.objects > 0) f.environment = only;
}

function fileLimits(l: Required<ReadExchangeOptions>): FileLimits {
  return { maxFileBytes: l.maxFileBytes, maxObjects: l.maxObjects, maxDepth: l.maxDepth };
}

/**
 * Reads exports given as a map of file names to contents (text, or bytes in UTF-8 or UTF-16).
 * Never throws.
 */
export function parseExchangeExports(
  files: Readonly<Record<string, string | Uint8Array>>,
  options: ReadExchangeOptions = {},
): ExchangeConfig {
  const limits = limitsOf(options);
  const config = emptyExchangeConfig();
  let total = 0;
  const names = Object.keys(files).sort();
  for (const [i, name] of names.entries()) {
    if (i >= limits.maxFiles) {
      config.problems.push(tooMany(name, names.length, limits.maxFiles));
      break;
    }
    const content = files[name] as string | Uint8Array;
    total += typeof content === "string" ? content.length : content.byteLength;
    if (total > limits.maxTotalBytes) {
      config.problems.push(tooLarge(name, limits.maxTotalBytes));
      break;
    }
    addFile(config, readExportFile(name, content, fileLimits(limits)));
  }
  settleEnvironments(config);
  return config;
}

function tooMany(file: string, count: number, max: number): ExchangeProblem {
  return {
    severity: "error",
    file,
    message: `${count} files were given; only the first ${max} were read (from ${file} on, nothing was read)`,
  };
}

function tooLarge(file: string, max: number): ExchangeProblem {
  return {
    severity: "error",
    file,
    message: `the files together exceed ${max} bytes; from ${file} on, nothing was read`,
  };
}

interface Found {
  path: string;
  name: string;
  size: number;
}

/** The regular files of a folder, sorted, down to `maxFolderDepth` levels (hidden entries skipped). */
async function listFiles(
  root: string,
  limits: Required<ReadExchangeOptions>,
  problems: ExchangeProblem[],
): Promise<Found[]> {
  const found: Found[] = [];
  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({
        severity: "error",
        file: rel || dir,
        message: `cannot read the folder ${dir}: ${(e as Error).message}`,
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      let isFile = entry.isFile();
      let isDir = entry.isDirectory();
      let size = 0;
      try {
        const s = await stat(path);
        isFile = s.isFile();
        isDir = s.isDirectory() && !entry.isSymbolicLink();
        size = s.size;
      } catch (e) {
        problems.push({ severity: "error", file: name, message: `cannot read ${name}: ${(e as Error).message}` });
        continue;
      }
      if (isDir && depth < limits.maxFolderDepth) await walk(path, name, depth + 1);
      else if (isFile) found.push({ path, name, size });
    }
  };
  await walk(root, "", 0);
  return found;
}

/**
 * Reads Exchange exports: a folder (its files and sub-folders, hidden ones skipped) or a map of file
 * names to contents. Recognises each file's cmdlet from its content (CLIXML type names, JSON
 * properties), reads UTF-8 (with or without BOM) and UTF-16 (LE/BE), and returns every object with
 * Exchange's property names and normalised values. Never rejects: an unreadable folder, file,
 * object or property is a problem in `problems`.
 */
export async function readExchangeConfig(
  input: string | Readonly<Record<string, string | Uint8Array>>,
  options: ReadExchangeOptions = {},
): Promise<ExchangeConfig> {
  if (typeof input !== "string") return parseExchangeExports(input, options);
  const limits = limitsOf(options);
  const config = emptyExchangeConfig();
  const files = await listFiles(input, limits, config.problems);
  let total = 0;
  for (const [i, f] of files.entries()) {
    if (i >= limits.maxFiles) {
      config.problems.push(tooMany(f.name, files.length, limits.maxFiles));
      break;
    }
    if (f.size > limits.maxFileBytes) {
      config.problems.push({
        severity: "error",
        file: f.name,
        message: `${f.name} is ${f.size} bytes, more than the ${limits.maxFileBytes} read; it is skipped`,
      });
      continue;
    }
    total += f.size;
    if (total > limits.maxTotalBytes) {
      config.problems.push(tooLarge(f.name, limits.maxTotalBytes));
      break;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFile(f.path);
    } catch (e) {
      config.problems.push({
        severity: "error",
        file: f.name,
        message: `cannot read ${f.name}: ${(e as Error).message}`,
      });
      continue;
    }
    addFile(config, readExportFile(f.name, bytes, fileLimits(limits)));
  }
  settleEnvironments(config);
  if (files.length === 0 && config.problems.length === 0) {
    config.problems.push({
      severity: "error",
      file: input,
      message: `the folder ${input} holds no files (expected the exports of ${CMDLETS.map((c) => c.cmdlet).join(", ")})`,
    });
  }
  return config;
}
