/** A bar chart of throughput (tasks/s) across schemes, on the same instance. */
import type { Algorithm, Solution } from "./edge-alloc.js";
import { svg } from "./dom.js";

export type SchemeResult = { algorithm: Algorithm } & ({ solution: Solution } | { error: string } | { pending: true });

const WIDTH = 380;
const LEFT = 100;
const RIGHT = 104;
const ROW = 30;
const TOP = 8;

export function renderChart(container: HTMLElement, results: SchemeResult[], highlighted: Algorithm): void {
  const height = TOP * 2 + results.length * ROW;
  const best = Math.max(1e-9, ...results.map((r) => ("solution" in r ? r.solution.throughputPerS : 0)));
  const x = (value: number) => LEFT + (value / best) * (WIDTH - LEFT - RIGHT);
  const root = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-labelledby": "chart-title chart-desc", class: "chart" });
  const desc = svg("desc", { id: "chart-desc" });
  root.append(svg("title", { id: "chart-title" }, "Throughput by scheme, tasks per second"), desc);

  const lines: string[] = [];
  results.forEach((r, i) => {
    const y = TOP + i * ROW;
    const mid = y + ROW / 2;
    const name = r.algorithm === highlighted ? `${r.algorithm} ▸` : r.algorithm;
    root.append(
      svg("text", { x: LEFT - 8, y: mid, "text-anchor": "end", "dominant-baseline": "middle", class: r.algorithm === highlighted ? "strong" : "" }, name),
    );
    let label: string;
    if ("solution" in r) {
      const s = r.solution;
      label = `${s.throughputPerS.toFixed(1)}/s (${s.served}${s.status === "optimal" ? "" : "*"})`;
      lines.push(`${r.algorithm}: ${s.throughputPerS.toFixed(1)} tasks per second, ${s.served} served, ${s.status}`);
      root.append(
        svg("rect", {
          x: LEFT,
          y: y + 5,
          width: Math.max(x(s.throughputPerS) - LEFT, 1),
          height: ROW - 10,
          class: r.algorithm === highlighted ? "bar highlighted" : "bar",
        }),
      );
      root.append(svg("text", { x: x(s.throughputPerS) + 6, y: mid, "dominant-baseline": "middle" }, label));
    } else {
      label = "error" in r ? `failed: ${r.error}` : "solving…";
      lines.push(`${r.algorithm}: ${label}`);
      root.append(
        svg(
          "text",
          { x: LEFT, y: mid, "dominant-baseline": "middle", class: "muted" },
          label.length > 60 ? `${label.slice(0, 57)}…` : label,
          svg("title", {}, label),
        ),
      );
    }
  });
  desc.textContent = lines.join("; ");
  const note = results.some((r) => "solution" in r && r.solution.status !== "optimal")
    ? "Served count in brackets; * not proved optimal (a heuristic, or a search cut short by the time limit)."
    : "Served count in brackets.";
  container.replaceChildren(root, Object.assign(document.createElement("p"), { className: "help", textContent: note }));
}
