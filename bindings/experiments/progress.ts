/**
 * A progress bar for long sweeps, on stderr so that stdout stays clean for
 * --json and pipes. Why cli-progress: a maintained bar with rate and ETA that
 * redraws in place, instead of hand-written cursor codes. It appears only on
 * a terminal, and only once a run has taken longer than `delayMs`, so short
 * runs and logs stay free of it.
 */
import cliProgress from "cli-progress";

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** What the bar counts, for its text: `sweep [...] 3/10 instances`. */
export interface ProgressLabel {
  name: string;
  unit: string;
}

export function terminalProgress(stream: NodeJS.WriteStream, delayMs = 1000, label: ProgressLabel = { name: "sweep", unit: "instances" }): Progress {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      if (!bar) {
        if (Date.now() - started < delayMs || done >= total) return;
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `${label.name} [{bar}] {percentage}% | {value}/{total} ${label.unit} | {eta_formatted} left`,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
