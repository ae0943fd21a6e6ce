/**
 * Cross-checks of the served counts within one cell (same instance): every
 * solver that proved its optimum must agree with `exact`, the two engines must
 * agree with each other, and greedy can never beat the optimum.
 * A disagreement is a bug somewhere; the suite prints it as a warning line.
 */
import type { CellResult } from "./report.js";
import type { Contender } from "./runners.js";

const MUST_EQUAL_EXACT: Contender[] = ["exact-js", "tree-wasm", "milp-highs", "highs-fixed-tau", "yalps-fixed-tau"];

export function crossCheck(cells: CellResult[]): string[] {
  const warnings: string[] = [];
  const finished = new Map<Contender, number>();
  for (const c of cells) if (c.state === "ok" && c.served !== undefined) finished.set(c.contender, c.served);
  if (cells.length === 0) return warnings;
  const where = `K=${cells[0].users} N=${cells[0].exits}`;
  const exact = finished.get("exact-wasm") ?? finished.get("exact-js");
  if (exact !== undefined) {
    for (const other of MUST_EQUAL_EXACT) {
      const served = finished.get(other);
      if (served !== undefined && served !== exact) warnings.push(`${where}: ${other} serves ${served}, exact serves ${exact}`);
    }
  }
  for (const [a, b] of [["greedy-wasm", "greedy-js"]] as const) {
    const x = finished.get(a);
    const y = finished.get(b);
    if (x !== undefined && y !== undefined && x !== y) warnings.push(`${where}: ${a} serves ${x}, ${b} serves ${y} (engines should agree)`);
  }
  const optimum = exact ?? finished.get("tree-wasm") ?? finished.get("milp-highs");
  if (optimum !== undefined) {
    for (const g of ["greedy-wasm", "greedy-js"] as const) {
      const served = finished.get(g);
      if (served !== undefined && served > optimum) warnings.push(`${where}: ${g} serves ${served}, more than the optimum ${optimum}`);
    }
  }
  // A capped optimiser's incumbent is still a schedule: it cannot beat a proved optimum either.
  for (const c of cells) {
    if (c.state === "capped" && c.served !== undefined && optimum !== undefined && c.served > optimum) {
      warnings.push(`${where}: ${c.contender} (stopped at the cap) serves ${c.served}, more than the optimum ${optimum}`);
    }
  }
  return warnings;
}
