#!/usr/bin/env node
// The cluster test (tests/cluster.test.ts) runs three `edge-alloc serve`
// replicas behind Debian's HAProxy with deploy/haproxy.cfg. This makes sure
// HAProxy is there: present, nothing to do; missing and we are root on a
// Debian-like system, `apt-get install -y haproxy` (~2 MB); otherwise say what
// to do and fail, so the cluster test is never silently skipped.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const HAPROXY = process.env.HAPROXY_PATH ?? "/usr/sbin/haproxy";

function run(command, args) {
  execFileSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

function main() {
  if (existsSync(HAPROXY)) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) {
    const how = existsSync("/usr/bin/apt-get") ? "sudo apt-get install -y haproxy" : "install HAProxy 2.4 or later with your system's package manager";
    console.error(`ensure-haproxy: ${HAPROXY} is missing; the cluster test needs it. Run: ${how} (or set HAPROXY_PATH to an haproxy binary).`);
    process.exit(1);
  }
  console.log(`ensure-haproxy: ${HAPROXY} is missing; installing Debian's haproxy with apt-get`);
  run("apt-get", ["update"]);
  run("apt-get", ["install", "-y", "--no-install-recommends", "haproxy"]);
  if (!existsSync(HAPROXY)) {
    console.error(`ensure-haproxy: apt-get finished but ${HAPROXY} is still missing`);
    process.exit(1);
  }
}

main();
