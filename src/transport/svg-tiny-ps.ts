/**
 * The SVG Tiny Portable/Secure profile that BIMI logos must follow (draft-svg-tiny-ps-abrotman),
 * checked on the points mailbox providers reject logos for (the list in checkdmarc's
 * `check_svg_requirements` and mailauth's `validate-svg.js`): a root `<svg>` with `version="1.2"`
 * and `baseProfile="tiny-ps"`, a `<title>`, no `x`/`y` on the root, no scripts, animation or
 * external references, at most 32 KB.
 *
 * Parsed with saxes (strict XML 1.0, namespace-aware): it never expands entities other than the
 * five predefined ones and character references, and never reads a DTD, so an internal subset
 * cannot inflate the document (no "billion laughs") and no external entity is fetched.
 */
import { SaxesParser } from "saxes";
import { diagnostic, doc, hasErrors, shown } from "./diagnostic.ts";
import type { TransportDiagnostic, TransportRef } from "./types.ts";

/** The largest logo (SVG Tiny PS draft: 32 KB). */
export const MAX_SVG_BYTES = 32_768;
/** The SVG Tiny PS draft. */
export const SVG_TINY_PS_DRAFT = "draft-svg-tiny-ps-abrotman";
const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";
const REF: TransportRef = doc(SVG_TINY_PS_DRAFT, "2");
const FORBIDDEN = new Set([
  "script",
  "animate",
  "animateMotion",
  "animateColor",
  "animateTransform",
  "set",
  "discard",
  "foreignObject",
]);
const GENERIC_TITLE = /^\s*(bimi[\s\-_]*svg[\s\-_]*tiny[\w\s\-_]*|untitled|title|no\s+title|svg|logo)\s*$/i;
const MAX_ELEMENTS = 20_000;
const MAX_DIAGNOSTICS = 100;

/** What {@link checkSvgTinyPs} returns. */
export interface SvgTinyPsCheck {
  /** No error: the logo follows the profile on every point checked. */
  valid: boolean;
  /** Size in UTF-8 bytes. */
  bytes: number;
  /** The root element's attributes of interest (absent when there is no root). */
  root?: {
    name: string;
    namespace: string;
    version?: string;
    baseProfile?: string;
    width?: string;
    height?: string;
    viewBox?: string;
  };
  /** The text of the root's `<title>`. */
  title?: string;
  /** Elements read. */
  elements: number;
  diagnostics: TransportDiagnostic[];
}

/** Checks an SVG document against the SVG Tiny PS rules. Never throws. */
export function checkSvgTinyPs(text: string): SvgTinyPsCheck {
  const input = typeof text === "string" ? text : "";
  const diagnostics: TransportDiagnostic[] = [];
  const push = (d: TransportDiagnostic) => {
    if (diagnostics.length < MAX_DIAGNOSTICS) diagnostics.push(d);
  };
  const bytes = Buffer.byteLength(input, "utf8");
  const result: SvgTinyPsCheck = { valid: false, bytes, elements: 0, diagnostics };
  if (bytes > MAX_SVG_BYTES) {
    push(
      diagnostic("svg-too-large", "error", `the logo is ${bytes} bytes; SVG Tiny PS allows at most ${MAX_SVG_BYTES}`, [
        REF,
      ]),
    );
    return result;
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  let depth = 0;
  let stopped = false;
  let titleDepth = -1;
  let titleText = "";
  parser.on("error", (error) => {
    if (!stopped)
      push(
        diagnostic(
          "svg-not-xml",
          "error",
          `not well-formed XML: ${error.message.slice(0, 200)}`,
          [doc("XML 1.0", "2.1")],
          { line: parser.line },
        ),
      );
    stopped = true;
  });
  parser.on("doctype", (doctype) => {
    const internal = doctype.includes("[");
    push(
      diagnostic(
        internal ? "svg-doctype-entities" : "svg-doctype",
        internal ? "error" : "warning",
        internal
          ? "the DOCTYPE has an internal subset (entity declarations); logos must not rely on a DTD"
          : "the logo has a DOCTYPE; SVG Tiny PS logos need none and some validators reject it",
        [REF],
        { line: parser.line },
      ),
    );
  });
  parser.on("processinginstruction", (pi) => {
    if (pi.target.toLowerCase() === "xml-stylesheet")
      push(
        diagnostic(
          "svg-external-stylesheet",
          "error",
          "an xml-stylesheet instruction refers to an external resource",
          [REF],
          { line: parser.line },
        ),
      );
  });
  parser.on("opentag", (tag) => {
    if (stopped) return;
    result.elements++;
    if (result.elements > MAX_ELEMENTS) {
      push(
        diagnostic("svg-too-many-elements", "error", `more than ${MAX_ELEMENTS} elements`, [REF], {
          line: parser.line,
        }),
      );
      stopped = true;
      return;
    }
    const line = parser.line;
    const attr = (local: string, ns = "") => {
      for (const a of Object.values(tag.attributes)) if (a.local === local && a.uri === ns) return a.value;
      return undefined;
    };
    if (depth === 0) {
      const root: NonNullable<SvgTinyPsCheck["root"]> = { name: tag.local, namespace: tag.uri };
      for (const key of ["version", "baseProfile", "width", "height", "viewBox"] as const) {
        const v = attr(key);
        if (v !== undefined) root[key] = v;
      }
      result.root = root;
      if (tag.local !== "svg" || tag.uri !== SVG_NS)
        push(
          diagnostic(
            "svg-root",
            "error",
            `the root element must be <svg> in the SVG namespace, not <${tag.name}>${tag.uri ? ` in ${tag.uri}` : ""}`,
            [REF],
            { line, field: tag.name },
          ),
        );
      if (root.version !== "1.2")
        push(
          diagnostic(
            "svg-version",
            "error",
            `the root must have version="1.2"${root.version ? `, not ${shown(root.version)}` : ""}`,
            [REF],
            { line, field: "version" },
          ),
        );
      if (root.baseProfile !== "tiny-ps")
        push(
          diagnostic(
            "svg-base-profile",
            "error",
            `the root must have baseProfile="tiny-ps"${root.baseProfile ? `, not ${shown(root.baseProfile)}` : ""}`,
            [REF],
            { line, field: "baseProfile" },
          ),
        );
      for (const key of ["x", "y"])
        if (attr(key) !== undefined)
          push(
            diagnostic("svg-root-position", "error", `the root must not have an "${key}" attribute`, [REF], {
              line,
              field: key,
            }),
          );
    } else if (tag.uri !== SVG_NS) {
      if (depth === 1 || !tag.uri)
        push(
          diagnostic(
            "svg-foreign-element",
            "warning",
            `<${tag.name}> is not an SVG element${tag.uri ? ` (${tag.uri})` : ""}; editors' metadata should be removed`,
            [REF],
            { line, field: tag.name },
          ),
        );
    } else if (FORBIDDEN.has(tag.local)) {
      push(
        diagnostic(
          "svg-forbidden-element",
          "error",
          `<${tag.local}> is not allowed (no scripts, animation or foreign content)`,
          [REF],
          { line, field: tag.local },
        ),
      );
    }
    if (depth === 1 && tag.local === "title" && tag.uri === SVG_NS && result.title === undefined) {
      titleDepth = depth;
      titleText = "";
    }
    for (const a of Object.values(tag.attributes)) {
      const isHref = a.local === "href" && (a.uri === XLINK_NS || a.uri === "");
      if (isHref && !a.value.trim().startsWith("#"))
        push(
          diagnostic(
            "svg-external-reference",
            "error",
            `<${tag.local} ${a.name}=${shown(a.value)}> refers outside the document (only "#..." references are allowed)`,
            [REF],
            { line, field: a.name },
          ),
        );
      if (/^on/i.test(a.local) && a.uri === "")
        push(
          diagnostic("svg-event-handler", "error", `event attribute "${a.name}" (scripting) is not allowed`, [REF], {
            line,
            field: a.name,
          }),
        );
    }
    depth++;
  });
  parser.on("text", (t) => {
    if (titleDepth >= 0) titleText += t;
  });
  parser.on("closetag", () => {
    depth--;
    if (titleDepth >= 0 && depth === titleDepth) {
      result.title = titleText.trim().slice(0, 500);
      titleDepth = -1;
    }
  });
  try {
    parser.write(input).close();
  } catch (error) {
    if (!stopped)
      push(
        diagnostic(
          "svg-not-xml",
          "error",
          `not well-formed XML: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`,
          [doc("XML 1.0", "2.1")],
        ),
      );
    stopped = true;
  }
  if (!stopped && result.root === undefined)
    push(diagnostic("svg-not-xml", "error", "no root element", [doc("XML 1.0", "2.1")]));
  if (result.root !== undefined && !stopped) {
    if (result.title === undefined)
      push(
        diagnostic("svg-title-missing", "error", "the root must have a <title> child (the brand name)", [REF], {
          field: "title",
        }),
      );
    else if (result.title === "")
      push(diagnostic("svg-title-empty", "error", "the <title> is empty", [REF], { field: "title" }));
    else if (GENERIC_TITLE.test(result.title))
      push(
        diagnostic(
          "svg-title-generic",
          "warning",
          `the <title> ${shown(result.title)} looks like a placeholder; use the brand name`,
          [REF],
          { field: "title" },
        ),
      );
  }
  result.valid = !hasErrors(diagnostics);
  return result;
}
