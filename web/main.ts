/**
 * The planner page: wires the forms to the library and draws the results.
 * On load it generates the default scenario from the form (seed 1) and
 * solves it, so a visitor sees a result before touching anything.
 */
import { ALGORITHMS, InputError, createSolverPool, isAbortError, type Algorithm, type Instance, type Solution, type SolveOptions } from "./edge-alloc.js";
import { byId, html } from "./dom.js";
import { renderChart, type SchemeResult } from "./chart.js";
import { renderSummary, renderUsers } from "./summary.js";
import { renderTimeline } from "./timeline.js";
import { clearScenarioErrors, fillProfiles, generateFromScenario, showScenarioErrors } from "./scenario-form.js";
import { readInstanceFile, showFileErrors } from "./instance-file.js";
import { mhz } from "./units.js";

/** Compared by default: the fast ones. tree and milp are exact but take seconds here; tick them to add them. */
const COMPARED_BY_DEFAULT: readonly Algorithm[] = ["exact", "greedy", "bsp", "no-early-exit", "no-batching", "conventional"];

let instance: Instance | undefined;
/** Each solve takes a ticket; results of a superseded solve are dropped. */
let ticket = 0;
/**
 * Every solve runs in a Web Worker, so the page answers clicks and scrolls
 * however long a search takes. One worker: the comparisons run one after the
 * other, as before, and Cancel has one search to stop.
 */
const pool = createSolverPool({ workers: 1 });
/** Aborts the solves of the current ticket (Cancel, or a newer solve superseding them). */
let controller: AbortController | undefined;
/** The algorithm being solved now, for the status line after Cancel. */
let running: Algorithm | undefined;

function setState(state: "solving" | "solved" | "error" | "cancelled", message: string): void {
  document.body.dataset.state = state;
  const status = byId("status");
  status.textContent = message;
  status.classList.toggle("error", state === "error");
  byId<HTMLButtonElement>("cancel-solve").disabled = state !== "solving";
}

function cancelSolve(): void {
  if (!controller || document.body.dataset.state !== "solving") return;
  controller.abort();
  controller = undefined;
  setState("cancelled", `Cancelled: ${running ?? "the solve"} was stopped. The results shown are from the last solve that finished.`);
}

function fillAlgorithms(): void {
  byId<HTMLSelectElement>("algorithm").replaceChildren(...ALGORITHMS.map((a) => html("option", { value: a, selected: a === "exact" }, a)));
  byId("compare").append(
    ...ALGORITHMS.map((a) =>
      html("label", { class: "checkbox" }, html("input", { type: "checkbox", name: "compare", value: a, checked: COMPARED_BY_DEFAULT.includes(a) }), ` ${a}`),
    ),
  );
}

function readSolveSettings(): { algorithm: Algorithm; compared: Algorithm[]; options: SolveOptions } {
  const algorithm = byId<HTMLSelectElement>("algorithm").value as Algorithm;
  const ticked = [...document.querySelectorAll<HTMLInputElement>('#compare input[name="compare"]:checked')].map((c) => c.value);
  const compared = ALGORITHMS.filter((a) => a === algorithm || ticked.includes(a));
  const limit = byId<HTMLInputElement>("time-limit-ms");
  const timeLimitMs = limit.value.trim() === "" ? 0 : limit.valueAsNumber;
  const engine = byId<HTMLSelectElement>("engine").value as SolveOptions["engine"];
  return { algorithm, compared, options: { engine, timeLimitMs } };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function solveCurrent(): Promise<void> {
  if (!instance) return;
  const mine = ++ticket;
  controller?.abort();
  const own = new AbortController();
  controller = own;
  const solve = (input: Instance, solveOptions: SolveOptions) => pool.solve(input, { ...solveOptions, signal: own.signal });
  const current = instance;
  const { algorithm, compared, options } = readSolveSettings();
  byId("solve-errors").textContent = "";
  running = algorithm;
  setState("solving", `Solving with ${algorithm}… (Cancel stops it)`);

  let primary: Solution;
  try {
    primary = await solve(current, { ...options, algorithm });
  } catch (error) {
    if (mine !== ticket || isAbortError(error)) return;
    if (error instanceof InputError && error.issues.every((i) => i.path !== "")) byId("solve-errors").textContent = error.message;
    setState("error", `${algorithm} failed: ${errorText(error)}`);
    return;
  }
  if (mine !== ticket) return;
  renderSummary(primary, current);
  renderTimeline(byId("timeline"), primary, current);
  renderUsers(primary, current);

  const results: SchemeResult[] = compared.map((a) => (a === algorithm ? { algorithm: a, solution: primary } : { algorithm: a, pending: true }));
  renderChart(byId("chart"), results, algorithm);
  for (let i = 0; i < results.length; i++) {
    const a = results[i].algorithm;
    if (a === algorithm) continue;
    running = a;
    setState("solving", `${algorithm}: ${primary.served} served. Comparing with ${a}…`);
    try {
      results[i] = { algorithm: a, solution: await solve(current, { ...options, algorithm: a }) };
    } catch (error) {
      if (isAbortError(error)) return;
      results[i] = { algorithm: a, error: errorText(error) };
    }
    if (mine !== ticket) return;
    renderChart(byId("chart"), results, algorithm);
  }
  const proof =
    primary.status === "optimal"
      ? "proved optimal"
      : primary.upperBound > primary.objective
        ? `not proved optimal (no schedule ${primary.objective === primary.served ? "serves" : "weighs"} more than ${primary.upperBound})`
        : "the most any schedule serves, least bandwidth not proved";
  setState("solved", `${algorithm} serves ${primary.served} of ${current.users.length} users, ${proof}, on the ${primary.engine} engine.`);
}

function useInstance(next: Instance, label: string): Promise<void> {
  instance = next;
  const dnn = next.dnn.name ?? `${next.dnn.exits.length}-exit DNN`;
  byId("instance-label").textContent = `${label}: ${next.users.length} users, ${mhz(next.channel.bandwidthHz, 1)} MHz, ${dnn}.`;
  return solveCurrent();
}

function generateFromForm(): Promise<void> {
  clearScenarioErrors();
  try {
    const { instance: next, seed } = generateFromScenario();
    return useInstance(next, `Generated scenario (seed ${seed})`);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    showScenarioErrors(error.issues);
    setState("error", "The scenario has problems; see the fields marked.");
    return Promise.resolve();
  }
}

async function loadFile(input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  if (!file) return;
  try {
    const next = await readInstanceFile(file);
    showFileErrors([]);
    await useInstance(next, `File ${file.name}`);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    showFileErrors(error.issues, error.moreIssues);
    setState("error", `${file.name} was not loaded: ${problemCount(error.issues.length + error.moreIssues)}, listed by the file field.`);
  }
}

function saveInstance(): void {
  if (!instance) return;
  const blob = new Blob([`${JSON.stringify(instance, null, 2)}\n`], { type: "application/json" });
  const link = html("a", { href: URL.createObjectURL(blob), download: "instance.json" });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

function start(): void {
  fillProfiles();
  fillAlgorithms();
  byId<HTMLFormElement>("scenario-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void generateFromForm();
  });
  byId<HTMLFormElement>("solve-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void solveCurrent();
  });
  byId<HTMLFormElement>("file-form").addEventListener("submit", (event) => event.preventDefault());
  const fileInput = byId<HTMLInputElement>("instance-file");
  fileInput.addEventListener("change", () => void loadFile(fileInput));
  byId("save-instance").addEventListener("click", saveInstance);
  byId("cancel-solve").addEventListener("click", cancelSolve);
  void generateFromForm();
}

start();

function problemCount(count: number): string {
  return count === 1 ? "1 problem" : `${count} problems`;
}
