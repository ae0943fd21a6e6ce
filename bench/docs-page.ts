/**
 * The benchmarks write their tables into docs/performance.md between
 * `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`, so the page shows
 * exactly what a run measured and no table is edited by hand. Each table has
 * one line above it naming the command, the date, the machine and its load.
 */
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";

export const PERFORMANCE_PAGE = fileURLToPath(new URL("../docs/performance.md", import.meta.url));

export interface Machine {
  node: string;
  cpus: number;
  cpuModel: string;
  /** 1, 5 and 15 minute load averages. */
  loadAverage: number[];
}

export function currentMachine(): Machine {
  const cpus = os.cpus();
  return { node: process.version, cpus: cpus.length, cpuModel: cpus[0]?.model ?? "unknown CPU", loadAverage: os.loadavg() };
}

/**
 * The line above a table: what ran, when (UTC), on what, and how loaded the
 * machine was. A 1-minute load at or above the core count says so, since
 * other work then shares the cores and the times are slower than alone.
 */
export function machineLine(command: string, date: Date | string, machine: Machine): string {
  const when = new Date(date).toISOString().slice(0, 16).replace("T", " ");
  const load = machine.loadAverage.map((x) => x.toFixed(1)).join(" / ");
  const loaded = (machine.loadAverage[0] ?? 0) >= machine.cpus ? " (loaded: other work shared the cores)" : "";
  return `_\`${command}\`, ${when} UTC, ${machine.cpus} x ${machine.cpuModel.trim()}, load average ${load}${loaded}, Node ${machine.node}._`;
}

const marker = (name: string, end: "start" | "end") => `<!-- bench:${name}:${end} -->`;

/** The page with the text between NAME's markers replaced by `body`; an Error when the markers are missing or repeated. */
export function replaceSection(page: string, name: string, body: string): string {
  const start = marker(name, "start");
  const end = marker(name, "end");
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  if (from < 0 || to < from || page.indexOf(start, from + 1) >= 0 || page.indexOf(end, to + 1) >= 0) {
    throw new Error(`the page must hold ${start} and then ${end}, once each`);
  }
  return `${page.slice(0, from + start.length)}\n${body.trim()}\n${page.slice(to)}`;
}

/** Writes `body` between NAME's markers of the performance page (or `path`); returns the path written. */
export async function writeSection(name: string, body: string, path = PERFORMANCE_PAGE): Promise<string> {
  const page = await readFile(path, "utf8");
  await writeFile(path, replaceSection(page, name, body));
  return path;
}
