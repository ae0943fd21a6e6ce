/**
 * The benchmark run: every (N, K) instance, every contender on it, the
 * cross-checks and ratios per instance, the memory check, and the targets.
 * Returns the report; printing and files are run.ts's job.
 */
import os from "node:os";
import type { BenchConfig } from "./config.js";
import { benchInstance } from "./instances.js";
import { measure } from "./measure.js";
import { Cell, LARGE_SCALE, runContender, type Contender } from "./runners.js";
import { YalpsRunner } from "./yalps-runner.js";
import { crossCheck } from "./checks.js";
import { ratiosFor } from "./ratios.js";
import { judgeTargets } from "./targets.js";
import { memoryCheck } from "./memory.js";
import { loadKernels } from "./kernel-files.js";
import type { BenchReport, CellResult } from "./report.js";
import { runLargeCell, type LargeCellReport } from "./large-cell-suite.js";

export interface SuiteHooks {
  /** Called after each measured cell (progress on stderr). */
  onCell?: (cell: CellResult) => void;
  onWarning?: (warning: string) => void;
}

const extras = (m: { counters?: Record<string, number>; upperBound?: number }) => ({
  ...(m.counters ? { counters: m.counters } : {}),
  ...(m.upperBound !== undefined ? { upperBound: m.upperBound } : {}),
});

export async function runSuite(config: BenchConfig, command: string, hooks: SuiteHooks = {}): Promise<BenchReport> {
  const started = performance.now();
  const yalps = new YalpsRunner();
  const cells: CellResult[] = [];
  const ratios: BenchReport["ratios"] = [];
  const warnings: string[] = [];
  const warn = (w: string) => {
    warnings.push(w);
    hooks.onWarning?.(w);
  };
  let largeCell: LargeCellReport | undefined;
  const kernels = await loadKernels();
  if (kernels.mismatch) warn(kernels.mismatch);
  try {
    for (const exits of config.exits) {
      const cappedAt = new Map<Contender, number>();
      const sizes = [...new Set([...config.users, ...config.largeUsers])].sort((a, b) => a - b);
      for (const users of sizes) {
        const contenders = config.contenders.filter((c) => config.users.includes(users) || LARGE_SCALE.has(c));
        if (contenders.length === 0) continue;
        const cell = new Cell(benchInstance({ users, exits, seed: config.seed }), yalps);
        const results: CellResult[] = [];
        for (const contender of contenders) {
          const earlier = cappedAt.get(contender);
          let result: CellResult;
          if (earlier !== undefined) {
            result = { contender, users, exits, state: "capped-earlier", cappedAtUsers: earlier };
          } else {
            const m = await measure(() => runContender(contender, cell, config.plan.capMs), config.plan);
            if (m.state === "ok") {
              result = { contender, users, exits, state: "ok", summary: m.summary, served: m.served, ...extras(m) };
              if (!m.servedAgree) warn(`K=${users} N=${exits}: ${contender} served different counts across repetitions`);
            } else if (m.state === "capped") {
              result = { contender, users, exits, state: "capped", served: m.served, ...extras(m) };
              cappedAt.set(contender, users);
            } else if (m.state === "error") {
              result = { contender, users, exits, state: "error", error: m.message };
              warn(`K=${users} N=${exits}: ${contender} failed: ${m.message}`);
            } else {
              result = { contender, users, exits, state: "not-applicable" };
            }
          }
          results.push(result);
          hooks.onCell?.(result);
        }
        for (const w of crossCheck(results)) warn(w);
        cells.push(...results);
        ratios.push(...ratiosFor(results, config.plan.capMs));
      }
    }
    if (config.largeCellUsers.length > 0 || config.limitCheck.users > 0) {
      largeCell = await runLargeCell(
        { users: config.largeCellUsers, exits: config.exits, seed: config.seed, plan: config.plan, limitCheck: config.limitCheck },
        yalps,
        hooks.onCell,
        warn,
      );
    }
  } finally {
    await yalps.close();
  }
  const memory = config.memorySolves > 0 ? await memoryCheck(config.memorySolves) : undefined;
  if (memory?.grew) warn(`memory grew across ${memory.solves} solves (see the memory line)`);
  const { outDir: _outDir, ...reported } = config;
  const cpus = os.cpus();
  return {
    createdAt: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? "unknown",
      loadAverage: os.loadavg(),
    },
    config: reported,
    command,
    kernels,
    cells,
    ratios,
    ...(largeCell ? { largeCell } : {}),
    warnings,
    memory,
    targets: judgeTargets(cells, ratios, memory, largeCell),
    totalSeconds: (performance.now() - started) / 1000,
  };
}
