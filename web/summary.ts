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
  const bound = solution.upperBound === solution.served ? "" : `, bound ${solution.upperBound}`;
  setValue("summary-served", `${solution.served} of ${instance.users.length}${bound}`, solution.served);
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

function userRow(user: UserResult): HTMLTableRowElement {
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
  );
}

export function renderUsers(solution: Solution): void {
  const body = byId<HTMLTableElement>("users-table").tBodies[0];
  body.replaceChildren(...solution.users.map(userRow));
}
