/**
 * The shape of assembly/ (docs/architecture.md): no file over 400 lines, no
 * circle in its import graph, and the kernel contract it shares with the
 * bindings is plain numeric constants, which both compilers accept alike.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CONTRACT = join(root, "bindings", "core", "kernel-contract.ts");
const MAX_LINES = 400;

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The files a file imports by relative path, as absolute paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)].map((m) => `${resolve(dirname(file), m[1].replace(/\.js$/, ""))}.ts`);
}

/** One import circle of the graph, as a list of files, or undefined if there is none. */
function findCircle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === "done") return undefined;
    if (state.get(file) === "open") return [...path.slice(path.indexOf(file)), file];
    state.set(file, "open");
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    path.pop();
    state.set(file, "done");
    return undefined;
  };
  for (const file of graph.keys()) {
    const circle = visit(file);
    if (circle) return circle;
  }
  return undefined;
}

describe("assembly/", () => {
  const files = sources(join(root, "assembly"));

  it("has no file over 400 lines", () => {
    const long = files.map((f) => ({ file: relative(root, f), lines: readFileSync(f, "utf8").split("\n").length - 1 })).filter((f) => f.lines > MAX_LINES);
    expect(files.length).toBeGreaterThan(20);
    expect(long).toEqual([]);
  });

  it("imports in no circle, and outside itself only the kernel contract", () => {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    for (const [file, imports] of graph) {
      for (const target of imports) {
        const inside = target.startsWith(`${join(root, "assembly")}/`);
        expect(inside || target === CONTRACT, `${relative(root, file)} imports ${relative(root, target)}`).toBe(true);
      }
    }
    expect(findCircle(graph)?.map((f) => relative(root, f))).toBeUndefined();
  });

  it("finds a circle where there is one (the check itself)", () => {
    expect(
      findCircle(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
        ]),
      ),
    ).toEqual(["a", "b", "c", "a"]);
    expect(
      findCircle(
        new Map([
          ["a", ["b"]],
          ["b", []],
          ["c", ["a", "b"]],
        ]),
      ),
    ).toBeUndefined();
  });
});

describe("the kernel contract", () => {
  it("is plain numeric constants: every statement is `export const NAME = integer;`", () => {
    const code = readFileSync(CONTRACT, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/.*$/gm, "")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
    expect(code.length).toBeGreaterThan(20);
    for (const line of code) expect(line).toMatch(/^export const [A-Z][A-Z0-9_]* = \d+;$/);
  });

  it("gives every name its own value within a group (algorithms, arrays, reasons, statuses, result slots)", async () => {
    const contract: Record<string, number> = await import("../bindings/core/kernel-contract.js");
    for (const prefix of ["ALGORITHM_", "ARRAY_", "REASON_", "STATUS_", "RESULT_"]) {
      const entries = Object.entries(contract).filter(([name]) => name.startsWith(prefix) && name !== "RESULT_SLOTS");
      expect(new Set(entries.map(([, value]) => value)).size, prefix).toBe(entries.length);
    }
    const slots = Object.entries(contract).filter(([name]) => name.startsWith("RESULT_") && name !== "RESULT_SLOTS");
    expect(Math.max(...slots.map(([, value]) => value))).toBe(contract.RESULT_SLOTS - 1);
  });
});
