/**
 * The planner page in a real browser: Debian's Chromium, headless, driven by
 * playwright-core (scripts/ensure-browser.mjs installs it). The page is built
 * from the current sources (scripts/build-web.mjs) and served on 127.0.0.1;
 * its answers are compared with Node's solve() on the same instance.
 * Screenshots go to test-results/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWeb } from "../scripts/build-web.mjs";
import { serveDirectory } from "../scripts/serve-web.mjs";
import { formatIssue, InstanceError } from "../bindings/core/errors.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { solve } from "../bindings/algorithms/solve.js";
import { parseInstanceJson } from "../bindings/core/validate.js";
import type { Solution } from "../bindings/core/types.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
const artifacts = join(repo, "test-results");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Headless, and nothing that reaches the network on its own (updates, sync, QUIC probes). */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let server: Server;
let origin: string;
let context: BrowserContext;
let profileDir: string;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run \`node scripts/ensure-browser.mjs\` (installs Debian's chromium as root)`);
  }
  const dir = await buildWeb({ quiet: true });
  ({ server, url: origin } = await serveDirectory(dir));
  profileDir = mkdtempSync(join(tmpdir(), "edge-alloc-chromium-"));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 900 },
  });
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

interface PageWatch {
  page: Page;
  /** Paths requested from the page's own server, in order. */
  requested: string[];
  /** Requests to anywhere but the page's own server. */
  external: string[];
  /** Uncaught exceptions and console errors. */
  errors: string[];
}

async function openPage(options: { withoutWebAssembly?: boolean } = {}): Promise<PageWatch> {
  const page = await context.newPage();
  const watch: PageWatch = { page, requested: [], external: [], errors: [] };
  page.on("request", (request) => {
    if (request.url().startsWith(origin)) watch.requested.push(new URL(request.url()).pathname);
    else watch.external.push(request.url());
  });
  page.on("pageerror", (error) => watch.errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") watch.errors.push(message.text());
  });
  if (options.withoutWebAssembly) {
    // Runs before any of the page's scripts: the module finds no WebAssembly at all.
    await page.addInitScript(() => {
      delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
    });
    // Init scripts do not reach workers, and the page solves in one: its script loses WebAssembly too
    // (before any solve; its imports only define functions).
    await page.route("**/solver-worker.js", async (route) => {
      const response = await route.fetch();
      const body = `delete globalThis.WebAssembly;\n${await response.text()}`;
      await route.fulfill({ response, body });
    });
  }
  await page.goto(origin);
  await page.waitForSelector('body[data-state="solved"], body[data-state="error"]', { timeout: 60_000 });
  expect(await page.locator("body").getAttribute("data-state"), (await page.locator("#status").textContent()) ?? "").toBe("solved");
  return watch;
}

async function summaryValue(page: Page, id: string): Promise<string> {
  const value = await page.locator(`#${id}`).getAttribute("data-value");
  if (value === null) throw new Error(`#${id} has no data-value`);
  return value;
}

/** The users table as [id, served, exit] per row. */
async function userRows(page: Page): Promise<string[][]> {
  return page.locator("#users-table tbody tr").evaluateAll((rows) => rows.map((row) => [...row.children].slice(0, 3).map((cell) => cell.textContent ?? "")));
}

/** esbuild names the JS fallback's chunk after its loader, js-fallback/load.ts: load-HASH.js. */
const isFallbackChunk = (path: string) => /\/load-\w+\.js$/.test(path);

function expectedRows(solution: Solution): string[][] {
  return solution.users.map((u) => [u.id, u.served ? "yes" : "no", u.served ? String(u.exit) : ""]);
}

describe("the planner page in Chromium", () => {
  const instance = generateInstance({ seed: 1 });

  it("shows the default scenario solved by exact on WebAssembly, as Node's solve() does", async () => {
    const node = await solve(instance, { algorithm: "exact", engine: "wasm" });
    const { page, requested, external, errors } = await openPage();

    expect(await summaryValue(page, "summary-engine")).toBe("wasm");
    expect(await summaryValue(page, "summary-algorithm")).toBe("exact");
    expect(Number(await summaryValue(page, "summary-served"))).toBe(node.served);
    expect(Number(await summaryValue(page, "summary-tau"))).toBe(node.tauS);
    expect(await page.locator("#summary-tau").textContent()).toBe(`${(node.tauS * 1e3).toFixed(2)} ms`);
    expect(await userRows(page)).toEqual(expectedRows(node));
    // The timeline draws one rect per block run in both pictures, plus the upload.
    expect(await page.locator("#timeline svg rect.block").count()).toBe(2 * node.blocks.length);
    // The chart compares the default schemes, and none failed.
    const chart = await page.locator("#chart-desc").textContent();
    for (const scheme of ["exact", "greedy", "bsp", "no-early-exit", "no-batching", "conventional"]) {
      expect(chart).toMatch(new RegExp(`(^|; )${scheme}: \\d+\\.\\d tasks per second`));
    }

    await page.screenshot({ path: join(artifacts, "planner-wasm.png"), fullPage: true });
    // Six solves, one fetch of the kernels; HiGHS is not fetched until milp needs it.
    expect(requested.filter((p) => p.endsWith("/kernels.wasm"))).toHaveLength(1);
    expect(requested.filter((p) => p.endsWith("/highs.wasm"))).toHaveLength(0);
    expect(requested.filter(isFallbackChunk)).toEqual([]);
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("runs the JS engine where WebAssembly is missing, with the identical answer", async () => {
    const nodeJs = await solve(instance, { algorithm: "exact", engine: "js" });
    const nodeWasm = await solve(instance, { algorithm: "exact", engine: "wasm" });
    const { page, requested, external, errors } = await openPage({ withoutWebAssembly: true });

    expect(await page.evaluate(() => typeof (globalThis as { WebAssembly?: unknown }).WebAssembly)).toBe("undefined");
    expect(await summaryValue(page, "summary-engine")).toBe("js");
    expect(Number(await summaryValue(page, "summary-served"))).toBe(nodeJs.served);
    expect(Number(await summaryValue(page, "summary-tau"))).toBe(nodeJs.tauS);
    expect(Number(await summaryValue(page, "summary-bandwidth"))).toBe(nodeJs.bandwidthUsedHz);
    expect(await userRows(page)).toEqual(expectedRows(nodeJs));
    // ...and the same schedule the WebAssembly engine finds.
    expect(nodeJs.tauS).toBe(nodeWasm.tauS);
    expect(expectedRows(nodeJs)).toEqual(expectedRows(nodeWasm));

    await page.screenshot({ path: join(artifacts, "planner-js.png"), fullPage: true });
    // The fallback is a chunk of its own, fetched only now; the .wasm is never fetched.
    expect(requested.filter(isFallbackChunk)).toHaveLength(1);
    expect(requested.filter((p) => p.endsWith("/kernels.wasm"))).toEqual([]);
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("generates and solves a scenario typed in by keyboard", async () => {
    const node = await solve(generateInstance({ users: 20, seed: 7, bandwidthHz: 5e6 }), { algorithm: "exact" });
    const { page, errors } = await openPage();
    await page.focus("#users");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("20");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("5");
    for (let i = 0; i < 6; i++) await page.keyboard.press("Tab"); // deadline min, max, accuracy min, max, preset, seed
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("seed");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("7");
    await page.keyboard.press("Enter"); // submits the scenario form
    await page.waitForFunction(() => document.getElementById("instance-label")?.textContent?.includes("seed 7"));
    await page.waitForSelector('body[data-state="solved"]');

    expect(Number(await summaryValue(page, "summary-served"))).toBe(node.served);
    expect(Number(await summaryValue(page, "summary-tau"))).toBe(node.tauS);
    expect(await userRows(page)).toEqual(expectedRows(node));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("generates a share of priority users with their weight, shows the weights and solves in weight", async () => {
    const { page, errors } = await openPage();
    await page.fill("#users", "20");
    await page.fill("#bandwidth-mhz", "2");
    await page.fill("#priority-pct", "25");
    await page.fill("#priority-weight", "5");
    await page.click("#scenario-form button[type=submit]");
    await page.waitForFunction(() => document.getElementById("instance-label")?.textContent?.includes("20 users"));
    await page.waitForSelector('body[data-state="solved"]');
    const rows = await page
      .locator("#users-table tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [tr.children[0].textContent ?? "", tr.lastElementChild?.textContent ?? ""]));
    const priority = rows.filter(([, weight]) => weight === "5").map(([id]) => id);
    expect(priority).toHaveLength(5);
    expect(rows.filter(([, weight]) => weight === "1")).toHaveLength(15);
    const base = generateInstance({ users: 20, seed: 1, bandwidthHz: 2e6 });
    const weighted = { ...base, users: base.users.map((u) => (priority.includes(u.id) ? { ...u, weight: 5 } : u)) };
    const node = await solve(weighted, { algorithm: "exact" });
    expect(Number(await summaryValue(page, "summary-served"))).toBe(node.served);
    expect(await page.locator("#summary-served").textContent()).toContain(`weight ${node.objective.toFixed(2)}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("solves milp with HiGHS loaded from its .wasm beside the bundle, once", async () => {
    const node = await solve(generateInstance({ users: 8, seed: 1 }), { algorithm: "milp" });
    const { page, requested, external, errors } = await openPage();
    await page.fill("#users", "8");
    await page.click("#scenario-form button[type=submit]");
    await page.waitForSelector('body[data-state="solved"]');
    await page.selectOption("#algorithm", "milp");
    await page.fill("#time-limit-ms", "0");
    for (let run = 0; run < 2; run++) {
      await page.click("#solve-form button[type=submit]");
      await page.waitForSelector('body[data-state="solved"], body[data-state="error"]', { timeout: 60_000 });
      expect(await page.locator("#status").textContent()).toContain("milp serves");
    }
    expect(await summaryValue(page, "summary-engine")).toBe("highs");
    expect(await summaryValue(page, "summary-status")).toBe(node.status);
    expect(Number(await summaryValue(page, "summary-served"))).toBe(node.served);
    expect(Number(await summaryValue(page, "summary-tau"))).toBe(node.tauS);
    expect(requested.filter((p) => p.endsWith("/highs.wasm"))).toHaveLength(1);
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("stays responsive while tree searches without a time limit (in a Web Worker), and Cancel stops it", async () => {
    const { page, errors } = await openPage();
    const servedBefore = await summaryValue(page, "summary-served");
    await page.selectOption("#algorithm", "tree");
    await page.fill("#time-limit-ms", "0");
    await page.click("#solve-form button[type=submit]");
    await page.waitForSelector('body[data-state="solving"]');
    // tree does not finish this 60-user scenario in 10 s: if it ran on the page's thread, no click or
    // script below could run before it ended. The 5 s bounds only guard against a hung test.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await page.fill("#users", "42", { timeout: 5000 });
    expect(await page.inputValue("#users")).toBe("42");
    expect(await page.evaluate(() => document.body.dataset.state, undefined)).toBe("solving");
    expect(await page.locator("#status").textContent()).toContain("Solving with tree");

    await page.click("#cancel-solve", { timeout: 5000 });
    await page.waitForSelector('body[data-state="cancelled"]', { timeout: 5000 });
    expect(await page.locator("#status").textContent()).toMatch(/^Cancelled: tree was stopped\. The results shown are from the last solve that finished\.$/);
    expect(await page.locator("#cancel-solve").isDisabled()).toBe(true);
    expect(await summaryValue(page, "summary-served")).toBe(servedBefore);
    await page.screenshot({ path: join(artifacts, "planner-cancelled.png") });

    // The worker that was stuck in the search has been replaced: the next solve finishes.
    await page.selectOption("#algorithm", "exact");
    await page.fill("#time-limit-ms", "1000");
    await page.click("#solve-form button[type=submit]");
    await page.waitForSelector('body[data-state="solved"]');
    expect(await summaryValue(page, "summary-algorithm")).toBe("exact");
    expect(await summaryValue(page, "summary-served")).toBe(servedBefore);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("fails solves with the reason, and stops respawning, when the pool's worker script cannot be loaded", async () => {
    const { page, requested } = await openPage();
    // A string, not a function: vitest would rewrite a function's import() for Node.
    const message = await page.evaluate<string[]>(`(async () => {
      const { createSolverPool, generateInstance } = await import("/edge-alloc.js");
      const pool = createSolverPool({ workers: 1, workerUrl: "/no-such-worker.js" });
      const outcomes = await Promise.allSettled([pool.solve(generateInstance({ users: 5 })), pool.solve(generateInstance({ users: 6 }))]);
      const later = await pool.solve(generateInstance({ users: 5 })).then(() => "solved", (e) => e.message);
      await pool.close();
      return [...outcomes.map((o) => (o.status === "rejected" ? o.reason.message : "solved")), later];
    })()`);
    expect(message).toHaveLength(3);
    for (const m of message) expect(m).toMatch(/^a solver worker failed: .*no-such-worker\.js/);
    // Three tries, then no more: a pool respawning forever would keep fetching it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(requested.filter((p) => p === "/no-such-worker.js")).toHaveLength(3);
    await page.close();
  });

  it("shows the Solve controls without scrolling at 1280x900", async () => {
    const { page } = await openPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const selector of ["#algorithm", "#time-limit-ms", "#solve-form button[type=submit]", "#cancel-solve"]) {
      const box = await page.locator(selector).boundingBox();
      expect(box, selector).not.toBeNull();
      expect(box!.y, selector).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height, selector).toBeLessThanOrEqual(900);
    }
    await page.screenshot({ path: join(artifacts, "planner-1280x900.png") });
    await page.close();
  });

  it("keeps the summary, the timeline (with its legend) and the users table readable at 390 px wide", async () => {
    const { page } = await openPage();
    await page.setViewportSize({ width: 390, height: 844 });
    // Nothing widens the page itself: wide figures scroll inside their own boxes.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const card of await page.locator("#summary > div").all()) {
      const box = (await card.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    // The timeline is drawn at least 700 px wide, so its 13 px labels stay near 10 px on screen.
    const timelineWidth = await page
      .locator("#timeline svg")
      .first()
      .evaluate((svg) => svg.getBoundingClientRect().width);
    expect(timelineWidth).toBeGreaterThanOrEqual(700);
    expect(await page.locator("#timeline svg .legend").allTextContents()).toEqual(["deadline of a served user", "deadline of a user not served"]);
    // Unserved users say why, and the reason can be scrolled to.
    const reason = page.locator("#users-table td.reason").first();
    await reason.scrollIntoViewIfNeeded();
    expect(await reason.textContent()).toMatch(/^(accuracy-unattainable|unreachable|not-selected)$/);
    expect(await reason.isVisible()).toBe(true);
    await page.screenshot({ path: join(artifacts, "planner-390.png"), fullPage: true });
    await page.locator("#users-table").screenshot({ path: join(artifacts, "planner-390-users.png") });
    await page.close();
  });

  it("lists a broken instance file's problems next to the file field, as the CLI words them, and keeps the last result", async () => {
    const broken = structuredClone(instance) as unknown as { users: Array<Record<string, unknown>>; dnn: { exits: Array<Record<string, unknown>> } };
    broken.users[3].deadlineS = -0.1;
    broken.dnn.exits[1].accuracy = 1.5;
    const text = JSON.stringify(broken);
    let expected: string[] = [];
    try {
      parseInstanceJson(text, "broken.json");
    } catch (error) {
      if (!(error instanceof InstanceError)) throw error;
      expected = error.issues.map(formatIssue);
    }
    expect(expected).toContain("users[3].deadlineS: must be a positive number, got -0.1");

    const { page } = await openPage();
    const servedBefore = await summaryValue(page, "summary-served");
    await page.setInputFiles("#instance-file", { name: "broken.json", mimeType: "application/json", buffer: Buffer.from(text) });
    await page.waitForSelector("#instance-file-errors li");
    expect(await page.locator("#instance-file-errors li").allTextContents()).toEqual(expected);
    expect(await page.locator("#instance-file").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#status").textContent()).toContain("broken.json was not loaded");
    expect(await summaryValue(page, "summary-served")).toBe(servedBefore);

    await page.setInputFiles("#instance-file", { name: "cut.json", mimeType: "application/json", buffer: Buffer.from(text.slice(0, 40)) });
    await page.waitForFunction(() => document.getElementById("instance-file-errors")?.textContent?.startsWith("cut.json: not valid JSON"));
    await page.close();
  });
});
