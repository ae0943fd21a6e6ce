/**
 * The rooms of bindings/ and the way their imports may point: down the
 * layers, never up, and never in a circle (docs/architecture.md, "Layers").
 * Imports are read from the sources (static, `import type`, re-exports and
 * dynamic `import()`), so a type-only or lazily loaded import counts too.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The layers, lowest first. A module may import from its own room or from a
 * room of a lower layer. Rooms sharing a layer may not import each other.
 */
const LAYERS: readonly (readonly string[])[] = [
  // The kernels compiled to plain JS (the fallback engine).
  ["js-fallback"],
  // The library.
  ["core"], // types, validation, the engine, kernel runs, the Solution
  ["highs"], // milp and the LP bound on HiGHS
  ["algorithms"], // the registry of every algorithm and the solve() it gives
  ["scenarios"], // instances from scenarios and profiles
  ["pool"], // solving on worker threads / Web Workers
  ["simulation"], // frames over time, and the estimates the reports share
  ["(package root)"], // bindings/index.ts and bindings/node.ts
  // The applications: they may use the whole library, never each other,
  ["experiments", "service"],
  // except the command line, which runs them all.
  ["cli"],
];
const LIBRARY_TOP = LAYERS.findIndex((rooms) => rooms.includes("(package root)"));

const rank = new Map(LAYERS.flatMap((rooms, layer) => rooms.map((room) => [room, layer] as const)));

/** A module's room: the folder under bindings/, or the package root. */
function roomOf(file: string): string {
  const path = relative(repo, file).split("\\").join("/");
  if (path.startsWith("js-fallback/")) return "js-fallback";
  const inBindings = path.slice("bindings/".length);
  return inBindings.includes("/") ? inBindings.split("/")[0] : "(package root)";
}

/** Block comments at the start of a line and whole-line // comments, which may quote code. */
const COMMENTS = /^\s*\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm;
const STATIC_IMPORT = /^\s*(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']+)["']/gm;
const BARE_IMPORT = /^\s*import\s*["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The specifiers a module imports, of every kind. */
function importsOf(source: string): string[] {
  const code = source.replace(COMMENTS, "");
  return [STATIC_IMPORT, BARE_IMPORT, DYNAMIC_IMPORT].flatMap((pattern) => [...code.matchAll(pattern)].map((m) => m[1]));
}

/** The file a relative specifier names (TypeScript sources are imported as .js; AssemblyScript without an extension). */
function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined; // a package or node: builtin
  const target = resolve(dirname(from), specifier);
  for (const candidate of [target.replace(/\.js$/, ".ts"), target, `${target}.ts`]) {
    if (existsSync(candidate) && candidate !== dirname(candidate)) return candidate;
  }
  throw new Error(`${relative(repo, from)} imports ${specifier}, which is not a file`);
}

function sourcesUnder(folder: string): string[] {
  return readdirSync(join(repo, folder), { recursive: true, encoding: "utf8" })
    .filter((name) => /\.(ts|js|mjs)$/.test(name) && !name.endsWith(".d.ts"))
    .map((name) => join(repo, folder, name));
}

type Graph = Map<string, string[]>;

function importGraph(folder: string): Graph {
  const graph: Graph = new Map();
  for (const file of sourcesUnder(folder)) {
    const targets = importsOf(readFileSync(file, "utf8"))
      .map((specifier) => resolveImport(file, specifier))
      .filter((target): target is string => target !== undefined);
    graph.set(file, targets);
  }
  return graph;
}

/** The imports that point up the layers, sideways between rooms of one layer, or from the library into an application. */
function wrongWay(graph: Graph, room: (file: string) => string = roomOf): string[] {
  const wrong: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const from = room(file);
      const to = room(target);
      if (from === to) continue;
      const fromLayer = rank.get(from);
      const toLayer = rank.get(to);
      if (fromLayer === undefined || toLayer === undefined) {
        wrong.push(`${relative(repo, file)} -> ${relative(repo, target)}: a room with no layer (add it to LAYERS)`);
      } else if (toLayer >= fromLayer) {
        const why =
          fromLayer < LIBRARY_TOP && toLayer > LIBRARY_TOP ? "the library imports an application" : toLayer === fromLayer ? "rooms of one layer" : "points up";
        wrong.push(`${relative(repo, file)} -> ${relative(repo, target)}: ${from} -> ${to} ${why}`);
      }
    }
  }
  return wrong;
}

/** Every circle of imports (Tarjan's strongly connected components of more than one module, or a module importing itself). */
function cycles(graph: Graph): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    order.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, order.get(next) as number));
      }
    }
    if (low.get(node) !== order.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.map((f) => relative(repo, f)).sort());
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return found;
}

describe("layers", () => {
  const bindings = importGraph("bindings");

  it("reads the imports of every kind", () => {
    expect(
      importsOf(
        'import type { A } from "./a.js";\nexport * from "./b.js";\nimport {\n  c,\n  type D,\n} from "../c.js";\nimport "./e.js";\nconst f = await import("./f.js");',
      ),
    ).toEqual(["./a.js", "./b.js", "../c.js", "./e.js", "./f.js"]);
    expect(importsOf('/**\n * import { x } from "./commented.js";\n */\n// import("./also-commented.js")\nimport { y } from "./y.js";')).toEqual(["./y.js"]);
    // The registry's lazy imports of HiGHS are seen, so the layers below are checked for them too.
    const registry = bindings.get(join(repo, "bindings/algorithms/registry.ts")) ?? [];
    expect(registry.map((f) => relative(repo, f))).toEqual(expect.arrayContaining(["bindings/highs/lp-bound.ts", "bindings/highs/milp.ts"]));
  });

  it("flags an import up, sideways and from the library into an application", () => {
    const file = (path: string) => join(repo, path);
    const planted: Graph = new Map([
      [file("bindings/core/solve.ts"), [file("bindings/highs/milp.ts")]],
      [file("bindings/simulation/statistics.ts"), [file("bindings/experiments/sweep-stats.ts")]],
      [file("bindings/service/server.ts"), [file("bindings/experiments/progress.ts")]],
      [file("bindings/cli/main.ts"), [file("bindings/core/types.ts")]],
    ]);
    expect(wrongWay(planted)).toEqual([
      "bindings/core/solve.ts -> bindings/highs/milp.ts: core -> highs points up",
      "bindings/simulation/statistics.ts -> bindings/experiments/sweep-stats.ts: simulation -> experiments the library imports an application",
      "bindings/service/server.ts -> bindings/experiments/progress.ts: service -> experiments rooms of one layer",
    ]);
    expect(
      cycles(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
          ["d", ["d"]],
          ["e", ["a"]],
        ]),
      ),
    ).toHaveLength(2);
  });

  it("bindings/ imports only down the layers", () => {
    expect(wrongWay(bindings)).toEqual([]);
  });

  it("bindings/ has no circle of imports", () => {
    expect(cycles(bindings)).toEqual([]);
  });

  it("assembly/ has no circle of imports", () => {
    expect(cycles(importGraph("assembly"))).toEqual([]);
  });
});
