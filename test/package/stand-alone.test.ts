import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Lexer, type Token, type Tokens } from "marked";
import { describe, expect, it } from "vitest";

/**
 * The package stands alone: what a user reads (README, docs/, the sources' comments) points to
 * nothing they do not have, the README's links work on the npm registry's page, and an install
 * holds one copy of each library the package shares with mailauth.
 */
const root = resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  files: string[];
  dependencies: Record<string, string>;
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
};
const HOME = "https://github.com/email-auth-audit/email-auth-audit";

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(join(root, f)).isFile());
}

/** Every link and image of a Markdown text, by walking marked's tokens. */
function links(markdown: string): string[] {
  const found: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === "link" || t.type === "image") found.push((t as Tokens.Link | Tokens.Image).href);
      const nested = t as {
        tokens?: Token[];
        items?: Token[];
        header?: { tokens: Token[] }[];
        rows?: { tokens: Token[] }[][];
      };
      if (nested.tokens) walk(nested.tokens);
      if (nested.items) walk(nested.items);
      for (const cell of nested.header ?? []) walk(cell.tokens);
      for (const row of nested.rows ?? []) for (const cell of row) walk(cell.tokens);
    }
  };
  walk(Lexer.lex(markdown));
  return found;
}

/** Whether a path of the repository is shipped by package.json `files` (README and LICENSE always are). */
function shipped(path: string): boolean {
  if (["README.md", "LICENSE", "package.json"].includes(path)) return true;
  return pkg.files.some((f) => !f.startsWith("!") && (path === f || path.startsWith(`${f}/`)));
}

describe("nothing points outside the package or the repository", () => {
  it.each(["README.md", ...filesUnder("docs").filter((f) => f.endsWith(".md")), ...filesUnder("src")])(
    "%s names no file of the project's private research folder (shared/)",
    (file) => {
      const text = readFileSync(join(root, file), "utf8");
      expect(text.match(/(?:\.\.\/)?shared\/(?:contracts|notes|conformance)\b[^\s`)]*/g) ?? []).toEqual([]);
    },
  );
});

describe("package.json says where the project lives", () => {
  it("has repository, homepage and bugs", () => {
    expect(pkg.repository).toEqual({ type: "git", url: `git+${HOME}.git` });
    expect(pkg.homepage).toBe(`${HOME}#readme`);
    expect(pkg.bugs).toEqual({ url: `${HOME}/issues` });
  });
});

describe("the README's links work on the npm registry's page", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const all = links(readme);

  it("has links to check", () => expect(all.length).toBeGreaterThan(10));

  it.each(all)("%s is absolute, an anchor, or a shipped file", (href) => {
    if (href.startsWith("#")) return;
    const blob = new RegExp(`^${HOME}/(?:blob|tree)/main/([^#?]+)`).exec(href);
    const raw = /^https:\/\/raw\.githubusercontent\.com\/email-auth-audit\/email-auth-audit\/main\/([^#?]+)/.exec(href);
    const inRepo = blob?.[1] ?? raw?.[1];
    if (inRepo !== undefined) {
      // A link into the repository names a file (or folder) that exists.
      expect(existsSync(join(root, decodeURIComponent(inRepo))), inRepo).toBe(true);
      return;
    }
    if (/^https:\/\//.test(href)) return;
    // A relative link resolves only where the file ships with the package.
    const path = href.replace(/[#?].*$/, "").replace(/^\.\//, "");
    expect(shipped(path), `${path} is not in package.json files`).toBe(true);
    expect(existsSync(join(root, path))).toBe(true);
  });
});

describe("one copy of each library shared with mailauth", () => {
  const mailauth = JSON.parse(readFileSync(join(root, "node_modules/mailauth/package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  const shared = Object.keys(pkg.dependencies).filter((name) => name in mailauth.dependencies);

  it("shares tldts (the PSL), commander and fast-xml-parser", () => {
    expect(shared.sort()).toEqual(["commander", "fast-xml-parser", "tldts"]);
  });

  it.each(shared)("%s is pinned to the version mailauth pins (a range would let npm install two)", (name) => {
    expect(pkg.dependencies[name]).toBe(mailauth.dependencies[name]);
  });

  it("leaves the HTTP client to mailauth (DNS over HTTPS uses node:https)", () => {
    expect(pkg.dependencies).not.toHaveProperty("undici");
  });
});
