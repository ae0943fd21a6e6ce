/**
 * Runs a built app in Debian's headless Chromium (playwright-core, as
 * tests/browser.test.ts does) and collects what it reported and requested.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Headless, and nothing that reaches the network on its own. */
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run \`node scripts/ensure-browser.mjs\` (installs Debian's chromium as root)`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

export interface SolveRun {
  engine: string;
  status: string;
  served: number;
  tauS: number;
  bandwidthUsedHz: number;
}

export interface AppRun {
  runs: SolveRun[];
  /** The app's error message, if solve threw. */
  error?: string;
  /** Paths requested from the app's own server, in order. */
  requested: string[];
  warnings: string[];
  /** Uncaught exceptions and console errors. */
  errors: string[];
}

/** Opens `url` in a fresh page (optionally with WebAssembly deleted first) and waits for the app to finish. */
export async function runApp(browser: Browser, url: string, options: { withoutWebAssembly?: boolean } = {}): Promise<AppRun> {
  const page = await browser.newPage();
  const origin = new URL(url).origin;
  const run: AppRun = { runs: [], requested: [], warnings: [], errors: [] };
  page.on("request", (request) => {
    if (request.url().startsWith(origin)) run.requested.push(new URL(request.url()).pathname);
  });
  page.on("pageerror", (error) => run.errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "warning") run.warnings.push(message.text());
    if (message.type() === "error") run.errors.push(message.text());
  });
  if (options.withoutWebAssembly) {
    await page.addInitScript(() => {
      delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
    });
  }
  try {
    await page.goto(url);
    await page.waitForSelector("body[data-state=done]", { state: "attached", timeout: 60_000 });
    const body = page.locator("body");
    run.error = (await body.getAttribute("data-error")) ?? undefined;
    run.runs = JSON.parse((await body.getAttribute("data-result")) ?? "[]") as SolveRun[];
    return run;
  } finally {
    await page.close();
  }
}
