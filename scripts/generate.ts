/** `npm run docs`: writes every generated file (see scripts/generated.ts). */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedFiles } from "./generated.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
for (const file of await generatedFiles()) {
  const target = join(root, file.path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.content);
  console.log(`wrote ${file.path}`);
}
