/**
 * Every relative link in README.md, CHANGELOG.md and docs/**\/*.md resolves:
 * the file exists, and a #fragment names a heading of the target (GitHub's
 * anchors: lower case, punctuation dropped, spaces as hyphens, -1, -2 ... for
 * repeats). Links inside code blocks and code spans are not links.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

function markdownFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith(".md") ? [path] : [];
  });
}

/** The text without fenced code blocks, line breaks kept so line numbers hold. */
function withoutFences(text: string): string {
  const lines = text.split("\n");
  let fence: string | undefined;
  const kept = lines.map((line) => {
    const opening = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length) fence = undefined;
      return "";
    }
    if (opening) {
      fence = opening[1];
      return "";
    }
    return line;
  });
  return kept.join("\n");
}

/** The text without fenced code blocks and code spans. */
function withoutCode(text: string): string {
  return withoutFences(text).replace(/(`+)[\s\S]*?\1/g, (span) => span.replace(/[^\n]/g, " "));
}

/** GitHub's anchor for a heading's text. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Every anchor a Markdown file offers (its headings', repeats numbered). */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of withoutFences(text).replace(/`/g, "").split("\n")) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

interface Link {
  file: string;
  line: number;
  target: string;
}

/** Inline links and images, [text](target) and ![alt](target "title"), outside code. */
function links(file: string, text: string): Link[] {
  const found: Link[] = [];
  withoutCode(text)
    .split("\n")
    .forEach((content, index) => {
      for (const match of content.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        found.push({ file, line: index + 1, target: match[1] });
      }
    });
  return found;
}

function problem(link: Link): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) return undefined; // https:, mailto: ...
  const [pathPart, fragment] = link.target.split("#", 2);
  const target = pathPart === "" ? link.file : resolve(dirname(link.file), decodeURIComponent(pathPart));
  if (!existsSync(target)) return `${relative(root, target)} does not exist`;
  if (fragment === undefined || fragment === "") return undefined;
  if (!target.endsWith(".md")) return `#${fragment} points into a file that is not Markdown`;
  if (!anchors(readFileSync(target, "utf8")).has(decodeURIComponent(fragment))) {
    return `${relative(root, target)} has no heading for #${fragment}`;
  }
  return undefined;
}

const files = [join(root, "README.md"), join(root, "CHANGELOG.md"), ...markdownFiles(join(root, "docs"))];

describe("documentation links", () => {
  it("reads the anchors and links the way GitHub does", () => {
    expect([...anchors("# Node services\n## `edge-alloc serve`\n## Under load\n## Under load\n```\n# not a heading\n```")]).toEqual([
      "node-services",
      "edge-alloc-serve",
      "under-load",
      "under-load-1",
    ]);
    expect(slug("How `no-batching` and `conventional` are solved exactly".replace(/`/g, ""))).toBe("how-no-batching-and-conventional-are-solved-exactly");
    expect(slug("The simulation's rules")).toBe("the-simulations-rules");
    const found = links("x.md", "See [a](a.md#b), ![p](p.png), `[not](c.md)`, [web](https://x.org).\n```\n[nor](d.md)\n```");
    expect(found.map((l) => l.target)).toEqual(["a.md#b", "p.png", "https://x.org"]);
  });

  it("finds the pages it checks", () => {
    const names = files.map((f) => relative(root, f));
    for (const page of ["README.md", "CHANGELOG.md", "docs/model.md", "docs/algorithms.md", "docs/performance.md"]) {
      expect(names).toContain(page);
    }
  });

  it.each(files.map((f) => [relative(root, f), f]))("every relative link in %s resolves", (_name, file) => {
    const broken = links(file, readFileSync(file, "utf8"))
      .map((link) => ({ link, why: problem(link) }))
      .filter((entry) => entry.why !== undefined)
      .map(({ link, why }) => `${relative(root, link.file)}:${link.line}: (${link.target}) ${why}`);
    expect(broken).toEqual([]);
  });
});
