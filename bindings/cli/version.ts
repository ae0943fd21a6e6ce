/** The package's version for `edge-alloc --version`, read from its package.json (the one source of it). */
import { readFileSync } from "node:fs";

/** The nearest package.json named edge-alloc above this file: the sources and dist/ sit at different depths. */
export function packageVersion(): string {
  for (let dir = new URL("./", import.meta.url); dir.pathname !== "/"; dir = new URL("../", dir)) {
    try {
      const manifest = JSON.parse(readFileSync(new URL("package.json", dir), "utf8")) as { name?: string; version?: string };
      if (manifest.name === "edge-alloc" && manifest.version) return manifest.version;
    } catch {
      // no package.json here: look one folder up
    }
  }
  return "unknown";
}
