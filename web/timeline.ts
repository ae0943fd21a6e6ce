/**
 * The frame as two pictures. The overview spans the whole frame: the upload
 * phase (every served user uploads at once on its own band, until tau), the
 * batch, and every user's deadline. The batch, enlarged, spans tau to the
 * last completion: each block with its batch size, and how many tasks leave
 * at each exit.
 */
import type { Instance, Solution } from "./edge-alloc.js";
import { svg } from "./dom.js";
import { ms, niceStep } from "./units.js";

const WIDTH = 960;
const LEFT = 104;
const RIGHT = 24;

type Scale = (seconds: number) => number;

/** Rough width of a 13px label, enough to decide whether it fits. */
const textWidth = (text: string) => text.length * 7.2;

interface ExitGroup {
  timeS: number;
  exit: number;
  count: number;
}

/** Served users grouped by when (and at which exit) they complete. */
function exitGroups(solution: Solution): ExitGroup[] {
  const groups = new Map<string, ExitGroup>();
  for (const u of solution.users) {
    if (!u.served || u.completionS === undefined || u.exit === undefined) continue;
    const key = `${u.completionS}:${u.exit}`;
    const group = groups.get(key) ?? { timeS: u.completionS, exit: u.exit, count: 0 };
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.timeS - b.timeS || a.exit - b.exit);
}

const isSequential = (solution: Solution) => solution.blocks.some((b) => b.user !== undefined);

function figure(height: number, titleId: string, title: string, description: string) {
  return svg(
    "svg",
    { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-labelledby": `${titleId} ${titleId}-desc`, class: "timeline" },
    svg("title", { id: titleId }, title),
    svg("desc", { id: `${titleId}-desc` }, description),
  );
}

function laneLabel(y: number, text: string) {
  return svg("text", { x: LEFT - 10, y, class: "lane-label", "text-anchor": "end", "dominant-baseline": "middle" }, text);
}

function axis(root: SVGSVGElement, x: Scale, fromS: number, toS: number, y: number): void {
  const step = niceStep((toS - fromS) * 1e3, 10) / 1e3;
  root.append(
    svg("line", { x1: x(fromS), x2: x(toS), y1: y, y2: y, class: "axis" }),
    svg("text", { x: LEFT - 10, y: y + 16, "text-anchor": "end", class: "small lane-label" }, "ms"),
  );
  for (let i = Math.ceil(fromS / step - 1e-9); i * step <= toS + 1e-12; i++) {
    const t = i * step;
    root.append(
      svg("line", { x1: x(t), x2: x(t), y1: y, y2: y + 5, class: "axis" }),
      svg("text", { x: x(t), y: y + 17, "text-anchor": "middle", class: "small" }, ms(t, step >= 1e-3 ? 0 : 1)),
    );
  }
}

function blockText(b: Solution["blocks"][number]): string {
  const who = b.user === undefined ? `batch ${b.batch}` : `task of ${b.user}`;
  return `block ${b.block}, ${who}: ${ms(b.startS)} to ${ms(b.endS)} ms`;
}

function blocks(root: SVGSVGElement, solution: Solution, x: Scale, y: number, height: number): void {
  solution.blocks.forEach((b, i) => {
    const shade = isSequential(solution) ? i : b.block;
    root.append(
      svg(
        "rect",
        { x: x(b.startS), y, width: Math.max(x(b.endS) - x(b.startS), 0.5), height, class: `block shade-${shade % 2}` },
        svg("title", {}, blockText(b)),
      ),
    );
  });
}

function overview(solution: Solution, instance: Instance): SVGSVGElement {
  const lane = { upload: 10, batch: 48, deadlines: 86, axis: 114 };
  const largestDeadline = instance.users.reduce((m, u) => Math.max(m, u.deadlineS), 0);
  const lastEnd = solution.blocks.reduce((m, b) => Math.max(m, b.endS), 0);
  const spanS = Math.max(instance.frameS ?? largestDeadline, largestDeadline, lastEnd, 1e-3);
  const x: Scale = (s) => LEFT + (s / spanS) * (WIDTH - LEFT - RIGHT);
  const tau = solution.tauS;
  const description =
    solution.served > 0
      ? `${solution.served} users upload in parallel from 0 to ${ms(tau)} ms; the batch runs from ${ms(tau)} to ${ms(lastEnd)} ms; the frame lasts ${ms(spanS)} ms.`
      : "Nobody is served, so nothing uploads and no block runs.";
  const root = figure(166, "frame-title", `The frame for ${solution.algorithm}`, description);
  root.append(laneLabel(lane.upload + 14, "upload"), laneLabel(lane.batch + 14, "batch"), laneLabel(lane.deadlines + 8, "deadlines"));

  if (solution.served > 0) {
    root.append(svg("rect", { x: x(0), y: lane.upload, width: x(tau) - x(0), height: 28, class: "upload" }, svg("title", {}, description)));
    const uploadLabel = `upload: ${solution.served} users at once, until tau = ${ms(tau, 1)} ms`;
    const inside = x(tau) - x(0) > textWidth(uploadLabel) + 16;
    root.append(
      svg("text", { x: inside ? x(0) + 8 : x(tau) + 6, y: lane.upload + 14, "dominant-baseline": "middle", class: inside ? "on-dark" : "" }, uploadLabel),
    );
    blocks(root, solution, x, lane.batch, 28);
    const batchLabel = `${isSequential(solution) ? "one task at a time" : `${solution.blocks.length} blocks`}, done at ${ms(lastEnd, 1)} ms`;
    // Beside the batch when there is room; the enlarged picture below says the same.
    if (x(lastEnd) + 6 + textWidth(batchLabel) <= WIDTH) {
      root.append(svg("text", { x: x(lastEnd) + 6, y: lane.batch + 14, "dominant-baseline": "middle" }, batchLabel));
    }
  } else {
    root.append(svg("text", { x: LEFT + 8, y: lane.batch + 14, "dominant-baseline": "middle" }, description));
  }
  for (const u of solution.users) {
    const ux = x(u.deadlineS);
    root.append(
      svg(
        "line",
        { x1: ux, x2: ux, y1: lane.deadlines, y2: lane.deadlines + 16, class: u.served ? "deadline served" : "deadline" },
        svg("title", {}, `${u.id}: deadline ${ms(u.deadlineS)} ms${u.served ? "" : ", not served"}`),
      ),
    );
  }
  axis(root, x, 0, spanS, lane.axis);
  deadlineLegend(root, lane.axis + 34);
  return root;
}

/** What the ticks in the deadlines lane mean: one per user, dark when that user is served. */
function deadlineLegend(root: SVGSVGElement, y: number): void {
  const entries: Array<[string, string]> = [
    ["deadline served", "deadline of a served user"],
    ["deadline", "deadline of a user not served"],
  ];
  let lx = LEFT;
  for (const [cls, text] of entries) {
    root.append(
      svg("line", { x1: lx, x2: lx, y1: y - 8, y2: y + 8, class: cls }),
      svg("text", { x: lx + 8, y, "dominant-baseline": "middle", class: "small legend" }, text),
    );
    lx += 16 + textWidth(text) * 0.9;
  }
}

function batchDetail(solution: Solution): SVGSVGElement {
  const lane = { batch: 10, exits: 56, axis: 106 };
  const fromS = solution.tauS;
  const toS = Math.max(
    solution.blocks.reduce((m, b) => Math.max(m, b.endS), 0),
    fromS + 1e-6,
  );
  const x: Scale = (s) => LEFT + ((s - fromS) / (toS - fromS)) * (WIDTH - LEFT - RIGHT);
  const groups = exitGroups(solution);
  const sequential = isSequential(solution);
  const description = sequential
    ? `${solution.served} tasks run one at a time, each through its own blocks at batch size 1.`
    : solution.blocks.map(blockText).join("; ") +
      ". " +
      groups.map((g) => `${g.count} ${g.count === 1 ? "task leaves" : "tasks leave"} at exit ${g.exit} at ${ms(g.timeS)} ms`).join("; ") +
      ".";
  const root = figure(132, "batch-title", `The batch for ${solution.algorithm}, enlarged`, description);
  root.append(laneLabel(lane.batch + 18, sequential ? "tasks" : "blocks"), laneLabel(lane.exits + 12, "exits (tasks)"));
  blocks(root, solution, x, lane.batch, 36);
  if (!sequential) {
    for (const b of solution.blocks) {
      const width = x(b.endS) - x(b.startS);
      const cx = (x(b.startS) + x(b.endS)) / 2;
      if (width >= 70) root.append(svg("text", { x: cx, y: lane.batch + 15, "text-anchor": "middle", class: "on-dark small" }, `block ${b.block}`));
      if (width >= 28) root.append(svg("text", { x: cx, y: lane.batch + 30, "text-anchor": "middle", class: "on-dark" }, `×${b.batch}`));
    }
  }
  // Labels go on the first of two rows where they do not overlap; one that fits neither is left
  // out (the marker's title still names it).
  const lastLabel = [-Infinity, -Infinity];
  for (const g of groups) {
    const gx = x(g.timeS);
    const text = `${g.count} ${g.count === 1 ? "task leaves" : "tasks leave"} at exit ${g.exit}, ${ms(g.timeS)} ms`;
    root.append(
      svg("line", { x1: gx, x2: gx, y1: lane.batch + 36, y2: lane.exits + 2, class: "exit-line" }),
      svg("path", { d: `M${gx - 5},${lane.exits} L${gx + 5},${lane.exits} L${gx},${lane.exits + 8} Z`, class: "exit-mark" }, svg("title", {}, text)),
    );
    const row = lastLabel.findIndex((last) => gx - last >= 76);
    if (row >= 0) {
      lastLabel[row] = gx;
      root.append(
        svg("text", { x: Math.min(gx, WIDTH - 34), y: lane.exits + 21 + row * 14, "text-anchor": "middle", class: "small" }, `exit ${g.exit}: ${g.count}`),
      );
    }
  }
  axis(root, x, fromS, toS, lane.axis);
  return root;
}

export function renderTimeline(container: HTMLElement, solution: Solution, instance: Instance): void {
  container.replaceChildren(overview(solution, instance), ...(solution.served > 0 ? [batchDetail(solution)] : []));
}
