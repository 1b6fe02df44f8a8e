/**
 * Writes the Fabrikam example (`fixtures/examples/fabrikam-exchange/`) from `source.ts`:
 * `node test/exchange/fabrikam/generate.ts`. A test checks that the files match this output.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { toClixml } from "../hybrid/writers.ts";
import { FABRIKAM_DNS, FABRIKAM_EXPORTS } from "./source.ts";

export const FABRIKAM_DIR = fileURLToPath(new URL("../../../fixtures/examples/fabrikam-exchange/", import.meta.url));

/** The example's files, by path relative to its folder (exports as Export-Clixml writes them: UTF-8 with BOM). */
export function fabrikamFiles(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const exp of FABRIKAM_EXPORTS)
    files[`exports/${exp.name}.xml`] = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(toClixml(exp), "utf8"),
    ]);
  files["dns.json"] = Buffer.from(`${JSON.stringify(FABRIKAM_DNS, null, 2)}\n`, "utf8");
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [path, bytes] of Object.entries(fabrikamFiles())) {
    const full = join(FABRIKAM_DIR, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, bytes);
  }
}
