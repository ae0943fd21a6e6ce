#!/usr/bin/env node
// The browser tests drive Debian's Chromium (/usr/bin/chromium) through
// playwright-core; a browser download by the test tool does not work here.
// This makes sure it is there: present, nothing to do; missing and we are
// root on a Debian-like system, `apt-get install -y chromium`; otherwise say
// what to do and fail, so the browser tests are never silently skipped.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function run(command, args) {
  execFileSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

function main() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) {
    const how = existsSync("/usr/bin/apt-get") ? "sudo apt-get install -y chromium" : "install Chromium with your system's package manager";
    console.error(`ensure-browser: ${CHROMIUM} is missing; the browser tests need it. Run: ${how} (or set CHROMIUM_PATH to a Chromium or Chrome binary).`);
    process.exit(1);
  }
  console.log(`ensure-browser: ${CHROMIUM} is missing; installing Debian's chromium with apt-get`);
  run("apt-get", ["update"]);
  run("apt-get", ["install", "-y", "chromium"]);
  if (!existsSync(CHROMIUM)) {
    console.error(`ensure-browser: apt-get finished but ${CHROMIUM} is still missing`);
    process.exit(1);
  }
}

main();
