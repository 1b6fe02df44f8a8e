/**
 * The layer order of docs/architecture.md, enforced: a folder under src/ imports only from its own
 * folder and from folders in lower layers. Folders in one layer are peers and do not import each
 * other. Run by `npm run lint` (and so by `npm test`).
 */
/** Lowest first; each entry is one layer, its folders peers. */
const LAYERS = [
  ["common"],
  ["dns"],
  ["spf", "dkim", "dmarc", "transport"],
  ["message", "providers"],
  ["org"],
  ["exchange", "reports"],
  ["facts"],
  ["verdicts"],
  ["rules"],
  ["audit"],
  ["plan"],
  ["report"],
  ["bulk"],
  ["queue"],
  ["cli"],
];

const forbidden = [];
LAYERS.forEach((layer, level) => {
  const higher = LAYERS.slice(level + 1).flat();
  for (const folder of layer) {
    const peers = layer.filter((f) => f !== folder);
    const banned = [...peers, ...higher];
    if (banned.length === 0) continue;
    forbidden.push({
      name: `layer-${folder}`,
      comment: `src/${folder} (layer ${level}) may import only from itself and lower layers: not ${banned.join(", ")} (docs/architecture.md)`,
      severity: "error",
      from: { path: `^src/${folder}/` },
      to: { path: `^src/(${banned.join("|")})/` },
    });
  }
});

module.exports = {
  forbidden: [
    ...forbidden,
    {
      name: "no-unlisted-folder",
      comment: "every folder under src/ has a place in the layer order (docs/architecture.md)",
      severity: "error",
      from: { path: "^src/" },
      to: { path: `^src/(?!(${LAYERS.flat().join("|")})/|index\\.ts$)` },
    },
    {
      name: "index-is-the-top",
      comment: "only the package's entry points import src/index.ts",
      severity: "error",
      from: { path: "^src/(?!index\\.ts$)" },
      to: { path: "^src/index\\.ts$" },
    },
    {
      name: "no-circular",
      comment: "no import cycles (type-only imports between a folder's type files are erased, and allowed)",
      severity: "error",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    parser: "swc",
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    includeOnly: "^src/",
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
