/**
 * `npm run fingerprints`: recompute every kernel algorithm's fingerprints
 * (tests/helpers/fingerprints.ts) on both engines and compare them with
 * tests/fingerprints.json; `-- --write` records them anew instead.
 * Exit code 1 when any differs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FINGERPRINT_ENGINES, fingerprintsOf, type Fingerprint } from "../tests/helpers/fingerprints.js";

const GOLDEN = fileURLToPath(new URL("../tests/fingerprints.json", import.meta.url));

const found: Record<string, Fingerprint> = {};
for (const engine of FINGERPRINT_ENGINES) {
  const started = performance.now();
  Object.assign(found, await fingerprintsOf(engine));
  process.stderr.write(`${engine}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
const count = Object.keys(found).length;

if (process.argv.includes("--write")) {
  writeFileSync(GOLDEN, `${JSON.stringify(found, null, 1)}\n`);
  process.stdout.write(`wrote ${count} fingerprints to tests/fingerprints.json\n`);
} else {
  const golden = JSON.parse(readFileSync(GOLDEN, "utf8")) as Record<string, Fingerprint>;
  const keys = new Set([...Object.keys(golden), ...Object.keys(found)]);
  let differing = 0;
  for (const key of keys) {
    const [was, now] = [JSON.stringify(golden[key]), JSON.stringify(found[key])];
    if (was === now) continue;
    differing++;
    if (differing <= 20) process.stdout.write(`${key}\n  recorded ${was}\n  now      ${now}\n`);
  }
  process.stdout.write(differing === 0 ? `${count} fingerprints identical\n` : `${differing} of ${keys.size} fingerprints differ\n`);
  process.exitCode = differing === 0 ? 0 : 1;
}
