// profile-fit.ts without the CLI: how parseLatencyCsv reads a file (spaces,
// where a header may stand, which values it refuses and how it names them),
// fitAffine on the faces of its constraints, and fitProfile's messages and
// fields. tests/profile-fit.test.ts holds the fit's figures and the commands.
import { describe, expect, it } from "vitest";
import { InputError } from "../bindings/core/errors.js";
import { fitAffine, fitProfile, parseLatencyCsv } from "../bindings/scenarios/profile-fit.js";
import { issueLines } from "./helpers/issue-lines.js";

/** Error lines of an InputError thrown by `run`. */
const issuesOf = (run: () => unknown): string[] => issueLines(run, InputError);

const options = (accuracies: number[]) => ({ accuracies, name: "p", source: "s" });

describe("parseLatencyCsv", () => {
  it("trims spaces around lines and cells, the header's names included", () => {
    expect(parseLatencyCsv("  Seconds , BLOCK ,  batch \n  0.5 , 1 , 2  \n\t0.75,1,4\t\n", "a.csv")).toEqual([
      { line: 2, block: 1, batch: 2, seconds: 0.5 },
      { line: 3, block: 1, batch: 4, seconds: 0.75 },
    ]);
  });

  it("skips lines of spaces and comments indented by them", () => {
    expect(parseLatencyCsv("   \n  # measured on the bench\n1,2,0.5\n \t \n", "a.csv")).toEqual([{ line: 3, block: 1, batch: 2, seconds: 0.5 }]);
  });

  it("a header may name more columns than the three, and is recognised by any cell that is not a number", () => {
    expect(parseLatencyCsv("block,batch,seconds,2\n1,2,0.5,x\n", "a.csv")).toEqual([{ line: 2, block: 1, batch: 2, seconds: 0.5 }]);
    expect(issuesOf(() => parseLatencyCsv("block,batch,ms,watts\n", "h.csv"))).toEqual([
      "h.csv:1: header must name the columns block, batch, seconds; missing seconds (times in seconds)",
    ]);
    expect(issuesOf(() => parseLatencyCsv("block,time\n", "h.csv"))).toEqual([
      "h.csv:1: header must name the columns block, batch, seconds; missing batch, seconds (times in seconds)",
    ]);
  });

  it("only the first line with content may be a header: later ones are rows, after a row, a header or a bad line alike", () => {
    expect(issuesOf(() => parseLatencyCsv("1,1,0.5\nblock,batch,seconds\n", "a.csv"))).toEqual([
      'a.csv:2: block must be a whole number >= 1, got "block"',
      'a.csv:2: batch must be a whole number >= 1, got "batch"',
      'a.csv:2: seconds must be a positive number, got "seconds"',
    ]);
    expect(issuesOf(() => parseLatencyCsv("# comment\nblock,batch,seconds\nblock,batch,seconds\n", "b.csv"))).toEqual([
      'b.csv:3: block must be a whole number >= 1, got "block"',
      'b.csv:3: batch must be a whole number >= 1, got "batch"',
      'b.csv:3: seconds must be a positive number, got "seconds"',
    ]);
    expect(issuesOf(() => parseLatencyCsv("1,1\nblock,batch,seconds\n", "c.csv"))).toEqual([
      "c.csv:1: expected 3 comma-separated values, got 2",
      'c.csv:2: block must be a whole number >= 1, got "block"',
      'c.csv:2: batch must be a whole number >= 1, got "batch"',
      'c.csv:2: seconds must be a positive number, got "seconds"',
    ]);
  });

  it("refuses a block or batch below 1 or not whole, and seconds that are not positive, each by name", () => {
    expect(issuesOf(() => parseLatencyCsv("0,1,0.5\n1.5,1,0.5\n1,0,0.5\n1,2.5,0.5\n1,1,0\n1,1,-0.5\n1,1,Infinity\n,1,0.5\n", "v.csv"))).toEqual([
      'v.csv:1: block must be a whole number >= 1, got "0"',
      'v.csv:2: block must be a whole number >= 1, got "1.5"',
      'v.csv:3: batch must be a whole number >= 1, got "0"',
      'v.csv:4: batch must be a whole number >= 1, got "2.5"',
      'v.csv:5: seconds must be a positive number, got "0"',
      'v.csv:6: seconds must be a positive number, got "-0.5"',
      'v.csv:7: seconds must be a positive number, got "Infinity"',
      'v.csv:8: block must be a whole number >= 1, got ""',
    ]);
  });

  it("a file whose only rows are bad says what is wrong with them, not that there are none", () => {
    expect(issuesOf(() => parseLatencyCsv("1,1,-1\n", "bad.csv"))).toEqual(['bad.csv:1: seconds must be a positive number, got "-1"']);
  });
});

describe("fitAffine", () => {
  it("the unconstrained least-squares line when both coefficients come out >= 0", () => {
    // y = 0.5 x + 1 with residuals +-0.25 that leave the line where it is
    const fit = fitAffine([2, 4, 6, 8], [2.25, 2.75, 4.25, 4.75]);
    expect(fit.perSampleS).toBe(0.45);
    expect(fit.fixedS).toBe(1.25);
    expect(fit.samples).toBe(4);
    expect(fit.maxResidualS).toBe(0.3);
    expect(fit.rmsResidualS).toBeCloseTo(Math.sqrt((0.1 ** 2 + 0.3 ** 2 + 0.3 ** 2 + 0.1 ** 2) / 4), 12);
  });

  it("a falling latency: the flat line at the mean beats the line through the origin", () => {
    expect(fitAffine([1, 2, 3], [3, 2, 1])).toMatchObject({ perSampleS: 0, fixedS: 2, maxResidualS: 1 });
  });

  it("a line that would need a negative fixed time: through the origin", () => {
    // y = 2x - 1 at 1 and 2: the origin's slope is sum xy / sum xx = 7 / 5 (squared error 0.2, the flat line's 2)
    expect(fitAffine([1, 2], [1, 3])).toMatchObject({ perSampleS: 1.4, fixedS: 0, maxResidualS: 0.4 });
  });
});

describe("fitProfile", () => {
  it("names every missing block", () => {
    const rows = parseLatencyCsv("1,1,0.5\n4,1,0.5\n", "gap.csv");
    expect(issuesOf(() => fitProfile(rows, "gap.csv", options([0.1, 0.2, 0.3, 0.4])))).toEqual([
      "gap.csv: no rows for block 2, 3 (blocks run 1..4, one per exit)",
    ]);
  });

  it("one block measured: one accuracy, said in the singular; its kind a single exit", () => {
    const rows = parseLatencyCsv("1,1,0.5\n1,2,0.75\n", "one.csv");
    expect(issuesOf(() => fitProfile(rows, "one.csv", options([0.5, 0.6])))).toEqual([
      "--accuracies: give one accuracy per block: 1 block measured, 2 accuracies given",
    ]);
    expect(fitProfile(rows, "one.csv", options([0.5])).kind).toBe("measured, single exit");
    const two = parseLatencyCsv("1,1,0.5\n2,1,0.25\n", "two.csv");
    expect(fitProfile(two, "two.csv", options([0.5, 0.6])).kind).toBe("measured, 2 exits");
  });

  it("points in batch order whatever the rows' order; equal times at two sizes are taken; one size gives no fit", () => {
    const rows = parseLatencyCsv("1,8,0.75\n1,2,0.5\n1,4,0.5\n2,3,0.25\n2,3,0.75\n", "order.csv");
    const profile = fitProfile(rows, "order.csv", options([0.5, 0.6]));
    expect(profile.exits[0].latency).toEqual({
      points: [
        [2, 0.5],
        [4, 0.5],
        [8, 0.75],
      ],
    });
    expect(profile.exits[0].fit?.samples).toBe(3);
    // block 2: one batch size, measured twice and averaged
    expect(profile.exits[1].latency).toEqual({ points: [[3, 0.5]] });
    expect(profile.exits[1]).not.toHaveProperty("fit");
    // the batch limit is the least of the blocks' last measured batches
    expect(profile.maxBatch).toBe(3);
  });

  it("a falling latency measured more than once names the lines it averaged", () => {
    const rows = parseLatencyCsv("1,1,0.5\n1,1,0.75\n1,2,0.25\n1,2,0.5\n", "fall.csv");
    expect(issuesOf(() => fitProfile(rows, "fall.csv", options([0.5])))).toEqual([
      "fall.csv:3: block 1: t(2) = 0.375 s (the mean of lines 3, 4) is less than t(1) = 0.625 s (the mean of lines 1, 2); latency must not decrease as the batch grows",
    ]);
  });

  it("a DNN the instance rules refuse: its issues named by block (two digits too)", () => {
    const csv = Array.from({ length: 11 }, (_, i) => `${i + 1},1,0.5\n${i + 1},2,0.75`).join("\n");
    const rows = parseLatencyCsv(csv, "eleven.csv");
    const accuracies = [0.1, 1.5, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 2];
    expect(issuesOf(() => fitProfile(rows, "eleven.csv", options(accuracies)))).toEqual([
      "block 2.accuracy: must be in [0, 1], got 1.5",
      "block 11.accuracy: must be in [0, 1], got 2",
    ]);
  });
});
