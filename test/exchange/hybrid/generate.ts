/**
 * Writes the hybrid fixtures (`fixtures/exchange/hybrid/`) from `source.ts`:
 * `node test/exchange/hybrid/generate.ts`. The tests check that the files match this output.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { HYBRID_EXPORTS } from "./source.ts";
import { toClixml, toJson } from "./writers.ts";

/** The fixture files, by path relative to `fixtures/exchange/hybrid/`. */
export function hybridFixtureFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const exp of HYBRID_EXPORTS) {
    files[`clixml/${exp.environment}/${exp.name}.xml`] = toClixml(exp);
    files[`json/${exp.environment}/${exp.name}.json`] = toJson(exp, { envelope: exp.name === "GetDkimSigningConfig" });
  }
  return files;
}

export const HYBRID_DIR = fileURLToPath(new URL("../../../fixtures/exchange/hybrid/", import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [path, text] of Object.entries(hybridFixtureFiles())) {
    const full = join(HYBRID_DIR, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
  }
}
