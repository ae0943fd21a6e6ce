/**
 * Where HiGHS's highs.wasm is loaded from: beside this module in the package
 * (bundlers that understand `new URL(..., import.meta.url)` copy it), or where
 * setHighsWasmUrl says. Kept apart from highs.ts so the package root can
 * export the setter without loading, or typing against, HiGHS itself.
 */

let highsWasmUrl: URL | string = new URL("./highs.wasm", import.meta.url);
const listeners: Array<() => void> = [];

/** Where to load highs.wasm from, for bundles that do not copy it (call before the first milp solve). */
export function setHighsWasmUrl(url: URL | string): void {
  highsWasmUrl = url;
  for (const listener of listeners) listener();
}

export function getHighsWasmUrl(): URL | string {
  return highsWasmUrl;
}

/** highs.ts forgets a loaded or failed runtime when the URL changes. */
export function onHighsWasmUrlChange(listener: () => void): void {
  listeners.push(listener);
}
