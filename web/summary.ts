/** The summary list and the users table of one Solution. */
import type { Instance, Solution, UserResult } from "./edge-alloc.js";
import { byId, html } from "./dom.js";
import { mhz, ms } from "./units.js";

/** Sets a summary value; `data-value` keeps the exact number for scripts and tests. */
function setValue(id: string, text: string, value?: number | string): void {
  const element = byId(id);
  element.textContent = text;
  if (value === undefined) delete element.dataset.value;
  else element.dataset.value = String(value);
}

export function renderSummary(solution: Solution, instance: Instance): void {
  const weighted = instance.users.some((u) => u.weight !== undefined && u.weight !== 1);
  const weight = weighted ? `, weight ${solution.objective.toFixed(2)}` : "";
  const bound = solution.upperBound === solution.objective ? "" : `, bound ${weighted ? solution.upperBound.toFixed(2) : solution.upperBound}`;
  setValue("summary-served", `${solution.served} of ${instance.users.length}${weight}${bound}`, solution.served);
  setValue("summary-throughput", `${solution.throughputPerS.toFixed(1)} tasks/s`, solution.throughputPerS);
  setValue("summary-tau", `${ms(solution.tauS)} ms`, solution.tauS);
  setValue("summary-bandwidth", `${mhz(solution.bandwidthUsedHz)} of ${mhz(instance.channel.bandwidthHz)} MHz`, solution.bandwidthUsedHz);
  setValue("summary-time", `${solution.stats.timeMs.toFixed(1)} ms`, solution.stats.timeMs);
  setValue("summary-engine", solution.engine, solution.engine);
  setValue("summary-algorithm", solution.algorithm, solution.algorithm);
  const status = solution.status === "optimal" ? "optimal (proved)" : "feasible (not proved optimal)";
  setValue("summary-status", status, solution.status);
}

const REASONS: Record<string, string> = {
  "accuracy-unattainable": "no exit is accurate enough",
  unreachable: "cannot finish even alone with the whole band",
  "not-selected": "fits alone, not within this frame",
};

function userRow(user: UserResult, weight: number): HTMLTableRowElement {
  const weightCell = html("td", { class: "number" }, String(Number(weight.toPrecision(3))));
  if (!user.served) {
    const reason = user.reason ?? "not-selected";
    return html(
      "tr",
      { class: "unserved" },
      html("th", { scope: "row" }, user.id),
      html("td", {}, "no"),
      html("td", {}),
      html("td", {}),
      html("td", {}),
      html("td", { class: "number" }, ms(user.deadlineS, 1)),
      html("td", { class: "reason" }, html("span", { title: REASONS[reason] ?? "" }, reason)),
      weightCell,
    );
  }
  const completionS = user.completionS ?? 0;
  return html(
    "tr",
    {},
    html("th", { scope: "row" }, user.id),
    html("td", {}, "yes"),
    html("td", { class: "number" }, user.exit ?? ""),
    html("td", { class: "number" }, mhz(user.bandwidthHz ?? 0, 3)),
    html("td", { class: "number" }, ms(completionS, 1)),
    html("td", { class: "number" }, ms(user.deadlineS, 1)),
    html("td", { class: "number" }, ms(user.deadlineS - completionS, 1)),
    weightCell,
  );
}

export function renderUsers(solution: Solution, instance: Instance): void {
  const body = byId<HTMLTableElement>("users-table").tBodies[0];
  body.replaceChildren(...solution.users.map((user, k) => userRow(user, instance.users[k]?.weight ?? 1)));
}
