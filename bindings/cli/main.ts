#!/usr/bin/env node
/** Entry point of the `edge-alloc` command (package bin: dist/bindings/cli/main.js). */
import { runCli } from "./program.js";

// `edge-alloc generate | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
