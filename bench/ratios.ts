/**
 * Speed ratios between contenders on the same instance in the same run
 * (slower median / faster median). Absolute times drift on a shared machine;
 * ratios measured side by side hold better. When the slower side hit the cap
 * and the faster did not, the ratio is at least cap / faster median.
 */
import type { CellResult, Ratio } from "./report.js";
import type { Contender } from "./runners.js";

export const RATIO_PAIRS: ReadonlyArray<{ name: string; slower: Contender; faster: Contender }> = [
  { name: "milp / exact", slower: "milp-highs", faster: "exact-wasm" },
  { name: "tree / exact", slower: "tree-wasm", faster: "exact-wasm" },
  { name: "exact js / wasm", slower: "exact-js", faster: "exact-wasm" },
  { name: "greedy js / wasm", slower: "greedy-js", faster: "greedy-wasm" },
  { name: "yalps / highs @tau*", slower: "yalps-fixed-tau", faster: "highs-fixed-tau" },
];

export function ratiosFor(cells: CellResult[], capMs: number): Ratio[] {
  if (cells.length === 0) return [];
  const { users, exits } = cells[0];
  const byContender = new Map(cells.map((c) => [c.contender, c]));
  const ratios: Ratio[] = [];
  for (const { name, slower, faster } of RATIO_PAIRS) {
    const s = byContender.get(slower);
    const f = byContender.get(faster);
    if (!s || !f || f.state !== "ok" || !f.summary) continue;
    if (s.state === "ok" && s.summary) ratios.push({ users, exits, name, value: s.summary.median / f.summary.median, atLeast: false });
    else if (s.state === "capped" || s.state === "capped-earlier") ratios.push({ users, exits, name, value: capMs / f.summary.median, atLeast: true });
  }
  return ratios;
}
