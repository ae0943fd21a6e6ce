// importOptional: the loader of the applications' optional packages (the
// service's fastify, pino, prom-client; the sweep's vega). A missing package
// becomes one InputError saying what to install; any other failure of the
// import is passed on unchanged.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../bindings/core/errors.js";
import { importOptional } from "../bindings/core/optional-package.js";

const dir = mkdtempSync(join(tmpdir(), "edge-alloc-optional-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const expectedMessage = "plotting needs vega, vega-lite, which are not installed: npm install vega vega-lite";

async function refusal(name: string): Promise<InputError> {
  const error = await importOptional(name, "plotting", ["vega", "vega-lite"]).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe("importOptional", () => {
  it("returns the module when it is installed", async () => {
    const path = await importOptional<typeof import("node:path")>("node:path", "plotting", ["vega"]);
    expect(path.join("a", "b")).toBe(join("a", "b"));
  });

  it("names the command and every package to install when an ES import finds no package", async () => {
    const error = await refusal("edge-alloc-no-such-package");
    expect(error.issues).toEqual([{ path: "", message: expectedMessage }]);
  });

  it("says the same when a CommonJS package's own require finds no package", async () => {
    // prom-client is CommonJS: a missing dependency of it fails with MODULE_NOT_FOUND, not ERR_MODULE_NOT_FOUND.
    const file = join(dir, "requires-missing.cjs");
    writeFileSync(file, 'module.exports = require("edge-alloc-no-such-package");\n');
    const error = await refusal(pathToFileURL(file).href);
    expect(error.issues).toEqual([{ path: "", message: expectedMessage }]);
  });

  it("passes on any other failure of the import unchanged", async () => {
    const thrown = await importOptional("data:text/javascript,throw new RangeError('broken at load')", "plotting", ["vega"]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(RangeError);
    expect((thrown as Error).message).toBe("broken at load");
  });
});
