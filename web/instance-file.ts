/**
 * Loading an instance file: the same parsing and validation as the CLI
 * (parseInstanceJson), and its problems listed next to the file field, one
 * line per issue as the CLI prints them (`users[3].deadlineS: must be ...`).
 */
import { InputError, formatIssue, parseInstanceJson, type Instance, type InputIssue } from "./edge-alloc.js";
import { byId, html } from "./dom.js";

/** More lines than this are summarised: a broken file should not push the page away. */
const MAX_LINES = 20;

export async function readInstanceFile(file: File): Promise<Instance> {
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    throw new InputError([{ path: "", message: `cannot read ${file.name}: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  return parseInstanceJson(text, file.name);
}

/** `moreIssues`: problems the library counted beyond the issues it lists (InputError.moreIssues). */
export function showFileErrors(issues: InputIssue[], moreIssues = 0): void {
  const input = byId<HTMLInputElement>("instance-file");
  const list = byId<HTMLUListElement>("instance-file-errors");
  const lines = issues.slice(0, MAX_LINES).map((issue) => html("li", {}, formatIssue(issue)));
  const more = Math.max(0, issues.length - MAX_LINES) + moreIssues;
  if (more > 0) lines.push(html("li", {}, `… and ${more} more`));
  list.replaceChildren(...lines);
  if (issues.length > 0) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}
