// The bookkeeping of npm run test:mutation: which mutants the recheck runs again
// in plain test runs (survivors, and the static mutants StrykerJS ignores), how a
// mutant is written into the source, and how the table counts each status.
import { describe, expect, it } from "vitest";
import { applyMutant, filesFor, selectForRecheck } from "../scripts/mutation-recheck.mjs";
import { isStaticIgnored, tally } from "../scripts/mutation-table.mjs";

const at = (line: number, column: number) => ({ line, column });
const mutant = (id: string, status: string, statusReason?: string) => ({
  id,
  status,
  statusReason,
  replacement: `"${id}"`,
  mutatorName: "StringLiteral",
  location: { start: at(1, 1), end: at(1, 4) },
});
const STATIC = 'Static mutant (and "ignoreStatic" was enabled)';

const results = [
  mutant("1", "Killed"),
  mutant("2", "Timeout"),
  mutant("3", "Survived"),
  mutant("4", "Ignored", STATIC),
  mutant("5", "Ignored", STATIC),
  mutant("6", "Ignored", "Ignored by a disable comment"),
  mutant("7", "NoCoverage"),
];

describe("the mutants the recheck runs", () => {
  it("takes the survivors and the static mutants StrykerJS ignored, nothing else", () => {
    expect(selectForRecheck(results).map((m: { id: string }) => m.id)).toEqual(["3", "4", "5"]);
    expect(results.filter(isStaticIgnored).map((m: { id: string }) => m.id)).toEqual(["4", "5"]);
  });

  it("given ids, takes only those of them that are candidates", () => {
    expect(selectForRecheck(results, ["1", "4", "6"]).map((m: { id: string }) => m.id)).toEqual(["4"]);
  });

  it("writes the replacement over the mutant's span, lines and columns 1-based", () => {
    const source = 'const a = 1;\nconst b = "xy" + a;\n';
    const m = { replacement: '""', location: { start: at(2, 11), end: at(2, 15) } };
    expect(applyMutant(source, m)).toBe('const a = 1;\nconst b = "" + a;\n');
  });
});

describe("the files a rechecked mutant runs", () => {
  const moduleTests = ["tests/a.test.ts", "tests/b.test.ts", "tests/c.test.ts"];
  const testFiles = {
    "tests/a.test.ts": { tests: [{ id: "0" }, { id: "1" }] },
    "tests/b.test.ts": { tests: [{ id: "2" }] },
    "tests/c.test.ts": { tests: [{ id: "3" }, { id: "4" }] },
  };

  it("after a forced run, only the files holding the tests that reach it, in the set's order", () => {
    expect(filesFor({ static: false, coveredBy: ["4", "1"] }, moduleTests, testFiles, true)).toEqual(["tests/a.test.ts", "tests/c.test.ts"]);
    expect(filesFor({ static: false, coveredBy: ["2"] }, moduleTests, testFiles, true)).toEqual(["tests/b.test.ts"]);
  });

  it("the whole set for a static mutant, one without coverage, or after an incremental run", () => {
    expect(filesFor({ static: true, coveredBy: ["2"] }, moduleTests, testFiles, true)).toEqual(moduleTests);
    expect(filesFor({ static: false, coveredBy: [] }, moduleTests, testFiles, true)).toEqual(moduleTests);
    expect(filesFor({ static: false }, moduleTests, testFiles, true)).toEqual(moduleTests);
    expect(filesFor({ static: false, coveredBy: ["2"] }, moduleTests, testFiles, false)).toEqual(moduleTests);
  });

  it("the whole set when the covering tests are in no file of the set", () => {
    expect(filesFor({ static: false, coveredBy: ["9"] }, moduleTests, testFiles, true)).toEqual(moduleTests);
  });
});

describe("the table's counts", () => {
  it("counts a static mutant not yet rechecked as survived, not as left out", () => {
    const t = tally(results, 1, undefined);
    expect(t).toMatchObject({ mutants: 7, killed: 2, recheckKilled: undefined, survived: 3, noCoverage: 1 });
    expect(t.score).toBeCloseTo((100 * 2) / 6);
  });

  it("moves the recheck's kills of survivors and static mutants to killed on recheck", () => {
    const recheck = {
      mutants: [
        { id: "3", replacement: '"3"', verdict: "killed" },
        { id: "4", replacement: '"4"', verdict: "killed" },
        { id: "5", replacement: '"5"', verdict: "survived" },
      ],
    };
    const t = tally(results, 1, recheck);
    expect(t).toMatchObject({ killed: 2, recheckKilled: 2, survived: 1, noCoverage: 1 });
    expect(t.score).toBeCloseTo((100 * 4) / 6);
  });

  it("ignores a recheck of another run (an id no longer a candidate, or another replacement)", () => {
    const stale = { mutants: [{ id: "1", replacement: '"1"', verdict: "killed" }] };
    expect(tally(results, 1, stale)).toMatchObject({ recheckKilled: undefined, survived: 3 });
    const changed = { mutants: [{ id: "4", replacement: '"other"', verdict: "killed" }] };
    expect(tally(results, 1, changed)).toMatchObject({ recheckKilled: undefined, survived: 3 });
  });
});
