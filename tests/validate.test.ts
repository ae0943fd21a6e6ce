import { describe, expect, it } from "vitest";
import { InstanceError } from "../bindings/core/errors.js";
import { PROFILES } from "../bindings/scenarios/profiles.js";
import { parseInstanceJson, validateInstance } from "../bindings/core/validate.js";

/** A small valid instance; each test breaks one thing in a fresh copy. */
function validInstance(): any {
  return {
    channel: { bandwidthHz: 1e7, noisePsdWPerHz: 3.98e-21 },
    dnn: {
      name: "example-3-exit",
      source: "test",
      kind: "made up",
      maxBatch: 32,
      exits: [
        { accuracy: 0.61, latency: { perSampleS: 0.0004, fixedS: 0.003 } },
        {
          accuracy: 0.7,
          latency: {
            points: [
              [1, 0.004],
              [8, 0.0051],
              [32, 0.0112],
            ],
          },
        },
        {
          accuracy: 0.75,
          latency: {
            points: [
              [1, 0.002],
              [64, 0.01],
            ],
          },
        },
      ],
    },
    users: [0, 1, 2, 3, 4, 5].map((k) => ({ id: `u${k + 1}`, dataBits: 2.4e5, powerW: 0.2, channelGain: 3.1e-11, minAccuracy: 0.65, deadlineS: 0.12 })),
    frameS: 0.2,
  };
}

/** The issues validateInstance reports for `input`, as "path: message" lines. */
function issuesOf(input: unknown): string[] {
  try {
    validateInstance(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InstanceError);
    const e = error as InstanceError;
    expect(e.message.split("\n")).toEqual(e.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)));
    return e.message.split("\n");
  }
  throw new Error("expected validateInstance to reject the input");
}

function withChange(change: (instance: any) => void): any {
  const instance = validInstance();
  change(instance);
  return instance;
}

describe("validateInstance accepts", () => {
  it("a valid instance, unchanged in the fields of the model", () => {
    const input = validInstance();
    const out = validateInstance(input);
    expect(out.users).toEqual(input.users);
    expect(out.channel).toEqual(input.channel);
    expect(out.dnn.exits).toEqual(input.dnn.exits);
    expect(out.frameS).toBe(0.2);
    expect(out).not.toBe(input);
  });

  it("no users, no maxBatch, no frameS, extra fields such as name/source/kind", () => {
    const out = validateInstance(
      withChange((i) => {
        i.users = [];
        delete i.dnn.maxBatch;
        delete i.frameS;
        i.comment = "ignored";
      }),
    );
    expect(out.users).toEqual([]);
    expect(out.dnn.maxBatch).toBeUndefined();
    expect(out.dnn.name).toBe("example-3-exit");
  });

  it("a latency that is flat in the batch size, zero fixed or per-sample time, accuracy 0 and 1", () => {
    const out = validateInstance(
      withChange((i) => {
        i.dnn.exits[0].latency = { perSampleS: 0, fixedS: 0.003 };
        i.dnn.exits[1].latency.points = [
          [1, 0.004],
          [8, 0.004],
          [32, 0.005],
        ];
        i.dnn.exits[2].latency = { perSampleS: 0.001, fixedS: 0 };
        i.dnn.exits[0].accuracy = 0;
        i.dnn.exits[2].accuracy = 1;
        i.users[0].minAccuracy = 1;
        i.users[1].minAccuracy = 0;
      }),
    );
    expect(out.dnn.exits.length).toBe(3);
  });

  it("every built-in profile", () => {
    for (const profile of Object.values(PROFILES)) {
      expect(validateInstance({ ...validInstance(), dnn: profile }).dnn.exits.length).toBe(profile.exits.length);
    }
  });
});

describe("validateInstance rejects, naming the path", () => {
  const cases: Array<[string, (i: any) => void, string]> = [
    ["negative deadline", (i) => (i.users[3].deadlineS = -0.1), "users[3].deadlineS: must be a positive number, got -0.1"],
    ["zero deadline", (i) => (i.users[0].deadlineS = 0), "users[0].deadlineS: must be a positive number, got 0"],
    ["zero dataBits", (i) => (i.users[1].dataBits = 0), "users[1].dataBits: must be a positive number, got 0"],
    ["negative powerW", (i) => (i.users[2].powerW = -1), "users[2].powerW: must be a positive number, got -1"],
    ["zero channelGain", (i) => (i.users[4].channelGain = 0), "users[4].channelGain: must be a positive number, got 0"],
    ["NaN channelGain", (i) => (i.users[4].channelGain = NaN), "users[4].channelGain: must be a positive number, got NaN"],
    ["Infinity powerW", (i) => (i.users[0].powerW = Infinity), "users[0].powerW: must be a positive number, got Infinity"],
    ["dataBits as a string", (i) => (i.users[5].dataBits = "240000"), 'users[5].dataBits: must be a positive number, got "240000"'],
    ["missing deadline", (i) => delete i.users[2].deadlineS, "users[2].deadlineS: is missing (must be a positive number)"],
    ["minAccuracy above 1", (i) => (i.users[1].minAccuracy = 1.5), "users[1].minAccuracy: must be in [0, 1], got 1.5"],
    ["minAccuracy below 0", (i) => (i.users[1].minAccuracy = -0.1), "users[1].minAccuracy: must be in [0, 1], got -0.1"],
    ["numeric id", (i) => (i.users[0].id = 7), "users[0].id: must be a non-empty string, got 7"],
    ["empty id", (i) => (i.users[0].id = ""), 'users[0].id: must be a non-empty string, got ""'],
    ["duplicate id", (i) => (i.users[5].id = "u3"), 'users[5].id: duplicate id "u3" (also users[2])'],
    ["user not an object", (i) => (i.users[2] = null), "users[2]: must be a user object, got null"],
    ["users not an array", (i) => (i.users = {}), "users: must be an array of users (may be empty), got an object"],
    ["missing users", (i) => delete i.users, "users: is missing (must be an array of users (may be empty))"],
    ["zero bandwidth", (i) => (i.channel.bandwidthHz = 0), "channel.bandwidthHz: must be a positive number, got 0"],
    ["negative noise", (i) => (i.channel.noisePsdWPerHz = -4e-21), "channel.noisePsdWPerHz: must be a positive number, got -4e-21"],
    ["missing channel", (i) => delete i.channel, "channel: is missing (must be an object with bandwidthHz and noisePsdWPerHz)"],
    ["zero frameS", (i) => (i.frameS = 0), "frameS: must be a positive number, got 0"],
    ["no exits", (i) => (i.dnn.exits = []), "dnn.exits: must list at least one exit"],
    ["missing dnn", (i) => delete i.dnn, "dnn: is missing (must be an object with exits)"],
    ["accuracy above 1", (i) => (i.dnn.exits[2].accuracy = 1.2), "dnn.exits[2].accuracy: must be in [0, 1], got 1.2"],
    ["missing accuracy", (i) => delete i.dnn.exits[0].accuracy, "dnn.exits[0].accuracy: is missing (must be in [0, 1])"],
    ["maxBatch zero", (i) => (i.dnn.maxBatch = 0), "dnn.maxBatch: must be a positive integer, got 0"],
    ["maxBatch fractional", (i) => (i.dnn.maxBatch = 2.5), "dnn.maxBatch: must be a positive integer, got 2.5"],
    ["maxBatch beyond the measured points", (i) => (i.dnn.maxBatch = 40), "dnn.maxBatch: must be at most the last measured batch (32), got 40"],
    ["negative perSampleS", (i) => (i.dnn.exits[0].latency.perSampleS = -1e-4), "dnn.exits[0].latency.perSampleS: must be a number >= 0, got -0.0001"],
    ["negative fixedS", (i) => (i.dnn.exits[0].latency.fixedS = -1), "dnn.exits[0].latency.fixedS: must be a number >= 0, got -1"],
    ["missing fixedS", (i) => delete i.dnn.exits[0].latency.fixedS, "dnn.exits[0].latency.fixedS: is missing (must be a number >= 0)"],
    [
      "latency not an object",
      (i) => (i.dnn.exits[0].latency = 0.003),
      "dnn.exits[0].latency: must be an object with perSampleS and fixedS, or with points, got 0.003",
    ],
    [
      "repeated batch size",
      (i) =>
        (i.dnn.exits[1].latency.points = [
          [1, 0.004],
          [8, 0.0051],
          [8, 0.0112],
        ]),
      "dnn.exits[1].latency.points[2]: batch sizes must strictly increase (got 8 after 8)",
    ],
    [
      "decreasing batch size",
      (i) =>
        (i.dnn.exits[1].latency.points = [
          [1, 0.004],
          [16, 0.0051],
          [8, 0.0112],
          [32, 0.02],
        ]),
      "dnn.exits[1].latency.points[2]: batch sizes must strictly increase (got 8 after 16)",
    ],
    [
      "latency decreasing in the batch size",
      (i) =>
        (i.dnn.exits[0].latency = {
          points: [
            [1, 0.005],
            [8, 0.004],
            [32, 0.01],
          ],
        }),
      "dnn.exits[0].latency: must be non-decreasing in batch size (t(8) = 0.004 < t(1) = 0.005)",
    ],
    ["empty points", (i) => (i.dnn.exits[1].latency.points = []), "dnn.exits[1].latency.points: must hold at least one [batch, seconds] pair"],
    [
      "point of three numbers",
      (i) => (i.dnn.exits[1].latency.points[0] = [1, 0.004, 2]),
      "dnn.exits[1].latency.points[0]: must be a [batch, seconds] pair, got [1,0.004,2]",
    ],
    ["point batch zero", (i) => (i.dnn.exits[1].latency.points[0] = [0, 0.004]), "dnn.exits[1].latency.points[0][0]: must be a positive integer, got 0"],
    [
      "point batch fractional",
      (i) => (i.dnn.exits[1].latency.points[1] = [7.5, 0.005]),
      "dnn.exits[1].latency.points[1][0]: must be a positive integer, got 7.5",
    ],
    ["point seconds zero", (i) => (i.dnn.exits[1].latency.points[0] = [1, 0]), "dnn.exits[1].latency.points[0][1]: must be a positive number, got 0"],
    [
      "point seconds a string",
      (i) => (i.dnn.exits[1].latency.points[2] = [32, "fast"]),
      'dnn.exits[1].latency.points[2][1]: must be a positive number, got "fast"',
    ],
    ["name not a string", (i) => (i.dnn.name = 5), "dnn.name: must be a string, got 5"],
  ];

  it.each(cases)("%s", (_label, change, expected) => {
    expect(issuesOf(withChange(change))).toEqual([expected]);
  });

  it("an input that is not an object", () => {
    expect(issuesOf(null)).toEqual(["the instance must be an object with channel, dnn and users, got null"]);
    expect(issuesOf([1, 2])).toEqual(["the instance must be an object with channel, dnn and users, got [1,2]"]);
    expect(issuesOf(undefined)[0]).toMatch(/^the instance is missing/);
  });

  it("reports every problem at once, duplicates included", () => {
    const lines = issuesOf(
      withChange((i) => {
        i.users[1].deadlineS = -0.1;
        i.users[4].id = "u2";
        i.dnn.exits[2].accuracy = 2;
      }),
    );
    expect(lines).toHaveLength(3);
    expect(lines).toContain("users[1].deadlineS: must be a positive number, got -0.1");
    expect(lines).toContain('users[4].id: duplicate id "u2" (also users[1])');
    expect(lines).toContain("dnn.exits[2].accuracy: must be in [0, 1], got 2");
  });

  it("exposes the issues as values with paths", () => {
    try {
      validateInstance(withChange((i) => (i.users[3].powerW = 0)));
      expect.unreachable();
    } catch (error) {
      expect((error as InstanceError).issues).toEqual([{ path: "users[3].powerW", message: "must be a positive number, got 0" }]);
    }
  });
});

describe("parseInstanceJson", () => {
  it("parses and validates valid JSON", () => {
    const text = JSON.stringify(validInstance());
    expect(parseInstanceJson(text, "instance.json").users).toHaveLength(6);
  });

  it("names the file when the JSON is truncated", () => {
    const text = JSON.stringify(validInstance());
    expect(() => parseInstanceJson(text.slice(0, text.length / 2), "instance.json")).toThrow(/^instance\.json: not valid JSON \(.+\)$/);
    expect(() => parseInstanceJson("", "empty.json")).toThrow(InstanceError);
  });

  it("names the file for a syntax error", () => {
    expect(() => parseInstanceJson("{ users: [] }", "bad.json")).toThrow(/^bad\.json: not valid JSON/);
  });

  it("validates what it parsed", () => {
    const text = JSON.stringify(withChange((i) => (i.users[0].deadlineS = -1)));
    expect(() => parseInstanceJson(text, "instance.json")).toThrow("users[0].deadlineS: must be a positive number, got -1");
  });
});
