/**
 * The benchmarks' `--flag number` pairs: each flag sets one numeric field of
 * `defaults`; an unknown flag, a missing or non-finite value, or one below
 * the floor throws with the usage text.
 */
export function parseNumericFlags<T extends { [K in keyof T]: number }>(
  argv: readonly string[],
  defaults: T,
  flags: Record<string, keyof T>,
  usage: string,
  floor: "positive" | "non-negative",
): T {
  const config = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = flags[argv[i]];
    const value = Number(argv[i + 1]);
    const belowFloor = floor === "positive" ? value <= 0 : value < 0;
    if (!key || !Number.isFinite(value) || belowFloor) throw new Error(`bad argument ${argv[i]} ${argv[i + 1] ?? ""}\n${usage}`);
    config[key] = value as T[keyof T];
  }
  return config;
}
