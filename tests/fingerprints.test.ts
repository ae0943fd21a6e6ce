/**
 * Every kernel algorithm's fingerprints (tests/helpers/fingerprints.ts: served
 * users and exits, reasons, band, tau, nodes, bound, optimality) on both
 * engines equal the recorded ones in tests/fingerprints.json, exactly. A
 * refactor of the kernels or of how the bindings drive them must keep them.
 * A change that alters results or search order on purpose (a new bound, a new
 * branching order: nodes change) records them anew with
 * `npm run fingerprints -- --write` and says so in its commit.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FINGERPRINT_ENGINES, fingerprintsOf, type Fingerprint } from "./helpers/fingerprints.js";

const golden = JSON.parse(readFileSync(new URL("./fingerprints.json", import.meta.url), "utf8")) as Record<string, Fingerprint>;

describe("fingerprints of every kernel algorithm", () => {
  for (const engine of FINGERPRINT_ENGINES) {
    it(`are the recorded ones on ${engine}`, async () => {
      const found = await fingerprintsOf(engine);
      const recorded = Object.fromEntries(Object.entries(golden).filter(([key]) => key.endsWith(`| ${engine}`)));
      expect(Object.keys(found).length).toBeGreaterThanOrEqual(300);
      expect(found).toEqual(recorded);
    });
  }
});
