/**
 * Speed ratios between contenders on the same instance in the same run
 * (numerator median / denominator median; the numerator is the one expected to
 * be slower). Absolute times drift on a shared machine; ratios measured side
 * by side hold better. When one side hit the cap, the ratio is a bound.
 */
import type { CellResult, Ratio } from "./report.js";
import type { Contender } from "./runners.js";

export const RATIO_PAIRS: ReadonlyArray<{ name: string; numerator: Contender; denominator: Contender }> = [
  { name: "milp / exact", numerator: "milp-highs", denominator: "exact-wasm" },
  { name: "tree / exact", numerator: "tree-wasm", denominator: "exact-wasm" },
  { name: "exact js / wasm", numerator: "exact-js", denominator: "exact-wasm" },
  { name: "greedy js / wasm", numerator: "greedy-js", denominator: "greedy-wasm" },
  { name: "yalps / highs @tau*", numerator: "yalps-fixed-tau", denominator: "highs-fixed-tau" },
];

const hitCap = (c: CellResult) => c.state === "capped" || c.state === "capped-earlier";

export function ratiosFor(cells: CellResult[], capMs: number): Ratio[] {
  if (cells.length === 0) return [];
  const { users, exits } = cells[0];
  const byContender = new Map(cells.map((c) => [c.contender, c]));
  const ratios: Ratio[] = [];
  for (const { name, numerator, denominator } of RATIO_PAIRS) {
    const n = byContender.get(numerator);
    const d = byContender.get(denominator);
    if (!n || !d) continue;
    if (n.summary && d.summary) ratios.push({ users, exits, name, value: n.summary.median / d.summary.median, bound: "exact" });
    else if (hitCap(n) && d.summary) ratios.push({ users, exits, name, value: capMs / d.summary.median, bound: "at-least" });
    else if (n.summary && hitCap(d)) ratios.push({ users, exits, name, value: n.summary.median / capMs, bound: "at-most" });
  }
  return ratios;
}

export function formatRatio(r: Ratio): string {
  const prefix = r.bound === "at-least" ? ">= " : r.bound === "at-most" ? "<= " : "";
  const digits = r.value >= 10 ? r.value.toFixed(0) : r.value >= 0.1 ? r.value.toFixed(2) : r.value.toPrecision(2);
  return `${prefix}${digits}x`;
}
