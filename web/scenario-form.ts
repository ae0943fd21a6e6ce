/**
 * The scenario form: its fields in the page's units (MHz, ms, %) to the
 * generator's parameters in SI, and the generator's complaints (a
 * ScenarioError whose paths are parameter names) back next to their fields.
 */
import { DEFAULT_SCENARIO, InputError, PROFILES, formatIssue, generateInstance, type InputIssue, type Instance, type ScenarioParams } from "./edge-alloc.js";
import { byId, html } from "./dom.js";
import { percent } from "./units.js";

interface NumberField {
  id: string;
  /** Page units to SI. */
  scale: number;
  /** Blank means "the default", e.g. the accuracy range of the DNN. */
  optional?: boolean;
}

const NUMBER_FIELDS: Partial<Record<keyof ScenarioParams, NumberField>> = {
  users: { id: "users", scale: 1 },
  bandwidthHz: { id: "bandwidth-mhz", scale: 1e6 },
  deadlineSMin: { id: "deadline-min-ms", scale: 1e-3 },
  deadlineSMax: { id: "deadline-max-ms", scale: 1e-3 },
  accuracyMin: { id: "accuracy-min-pct", scale: 1e-2, optional: true },
  accuracyMax: { id: "accuracy-max-pct", scale: 1e-2, optional: true },
  seed: { id: "seed", scale: 1 },
};

const FIELD_IDS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(NUMBER_FIELDS).map(([param, f]) => [param, f!.id])),
  profile: "profile",
  priorityShare: "priority-pct",
  priorityWeight: "priority-weight",
};

/** The priority fields: a share of the users (drawn from the seed) weigh `weight`; issues name the fields. */
function readPriority(): { share: number; weight: number; issues: InputIssue[] } {
  const shareInput = byId<HTMLInputElement>("priority-pct");
  const weightInput = byId<HTMLInputElement>("priority-weight");
  const share = shareInput.value.trim() === "" ? 0 : shareInput.valueAsNumber / 100;
  const weight = weightInput.value.trim() === "" ? 1 : weightInput.valueAsNumber;
  const issues: InputIssue[] = [];
  if (!(share >= 0 && share <= 1)) issues.push({ path: "priorityShare", message: `must be in [0, 100] %, got ${shareInput.value}` });
  if (!(Number.isFinite(weight) && weight > 0)) issues.push({ path: "priorityWeight", message: `must be a positive finite number, got ${weightInput.value}` });
  return { share, weight, issues };
}

/** The instance with round(share x users) of them, chosen by a shuffle seeded by `seed`, given `weight`. */
export function withPriorityUsers(instance: Instance, share: number, weight: number, seed: number): Instance {
  const count = Math.round(share * instance.users.length);
  if (count === 0 || weight === 1) return instance;
  // mulberry32 from the seed: the same users on every visit.
  let state = (seed ^ 0x5bd1e995) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = instance.users.map((_, k) => k);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const chosen = new Set(order.slice(0, count));
  return { ...instance, users: instance.users.map((u, k) => (chosen.has(k) ? { ...u, weight } : u)) };
}

export function fillProfiles(): void {
  const select = byId<HTMLSelectElement>("profile");
  select.replaceChildren(...Object.values(PROFILES).map((p) => html("option", { value: p.name }, p.name)));
  select.addEventListener("change", describeProfile);
  describeProfile();
}

/** Shows the chosen DNN's exits and puts its accuracy range in the blank fields' placeholders. */
function describeProfile(): void {
  const profile = PROFILES[byId<HTMLSelectElement>("profile").value];
  const first = profile.exits[0].accuracy;
  const last = profile.exits[profile.exits.length - 1].accuracy;
  byId<HTMLInputElement>("accuracy-min-pct").placeholder = (first * 100).toFixed(1);
  byId<HTMLInputElement>("accuracy-max-pct").placeholder = (last * 100).toFixed(1);
  const accuracies = profile.exits.map((e) => percent(e.accuracy)).join(", ");
  byId("profile-help").textContent = `${profile.kind}; exit accuracy ${accuracies}; batches up to ${profile.maxBatch}.`;
}

/** The form as generator parameters, and the required fields left blank (as issues like the generator's own). */
export function readScenario(): { params: Partial<ScenarioParams>; missing: InputIssue[] } {
  const params: Partial<ScenarioParams> = { profile: byId<HTMLSelectElement>("profile").value };
  const missing: InputIssue[] = [];
  for (const [param, field] of Object.entries(NUMBER_FIELDS) as Array<[keyof ScenarioParams, NumberField]>) {
    const input = byId<HTMLInputElement>(field.id);
    if (input.value.trim() === "") {
      if (!field.optional) missing.push({ path: param, message: "is missing (a number is needed)" });
      continue;
    }
    // Scale in a way that keeps round page values round in SI (100 ms -> 0.1 s, not 0.1000000001).
    const value = field.scale < 1 ? input.valueAsNumber / Math.round(1 / field.scale) : input.valueAsNumber * field.scale;
    (params as Record<string, number>)[param] = value;
  }
  return { params, missing };
}

/** The instance the form describes, or an InputError listing every problem (blank fields and the generator's). */
export function generateFromScenario(): { instance: Instance; seed: number } {
  const { params, missing } = readScenario();
  const priority = readPriority();
  let instance: Instance | undefined;
  let issues = [...missing, ...priority.issues];
  try {
    instance = generateInstance(params);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    issues = [...issues, ...error.issues];
  }
  if (issues.length > 0 || !instance) throw new InputError(issues);
  const seed = params.seed ?? DEFAULT_SCENARIO.seed;
  return { instance: withPriorityUsers(instance, priority.share, priority.weight, seed), seed };
}

export function clearScenarioErrors(): void {
  for (const id of Object.values(FIELD_IDS)) {
    const input = byId(id);
    input.removeAttribute("aria-invalid");
    document.getElementById(`${id}-error`)?.remove();
    const describedBy = (input.getAttribute("aria-describedby") ?? "").split(" ").filter((d) => d && d !== `${id}-error`);
    if (describedBy.length > 0) input.setAttribute("aria-describedby", describedBy.join(" "));
    else input.removeAttribute("aria-describedby");
  }
  byId("scenario-errors").textContent = "";
}

/** Each issue next to its field (and described by it); issues without a field go under the form. Focuses the first. */
export function showScenarioErrors(issues: InputIssue[]): void {
  clearScenarioErrors();
  const general: string[] = [];
  let first: HTMLElement | undefined;
  for (const issue of issues) {
    const id = FIELD_IDS[issue.path];
    if (!id) {
      general.push(formatIssue(issue));
      continue;
    }
    const input = byId(id);
    const errorId = `${id}-error`;
    const existing = document.getElementById(errorId);
    if (existing) {
      existing.textContent += `; ${formatIssue(issue)}`;
      continue;
    }
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), errorId].filter(Boolean).join(" "));
    input.closest(".field")!.append(html("p", { id: errorId, class: "field-error" }, formatIssue(issue)));
    first ??= input;
  }
  byId("scenario-errors").textContent = general.join("\n");
  first?.focus();
}
