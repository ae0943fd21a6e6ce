/**
 * The applications' heavy packages (plotting, the HTTP server) are optional
 * peer dependencies: a library user never installs them. A command that needs
 * one loads it on demand and, where it is missing, stops with one line saying
 * what to install (an InputError: exit 2, no stack). It sits at the bottom
 * so that every application room (cli, experiments, service) can use it
 * without importing another application; the library never calls it.
 */
import { InputError } from "./errors.js";

/** `import(name)`, or an InputError naming the command and the packages to install. */
export async function importOptional<T = unknown>(name: string, neededFor: string, packages: readonly string[]): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
    throw new InputError([{ path: "", message: `${neededFor} needs ${packages.join(", ")}, which are not installed: npm install ${packages.join(" ")}` }]);
  }
}
