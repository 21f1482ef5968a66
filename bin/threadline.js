#!/usr/bin/env node
// Entry point of the `threadline` command. Runs the compiled hub (npm run build, done by npm install).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));
if (!existsSync(main)) {
  process.stderr.write("threadline is not built yet: run `npm install` (or `npm run build`) in the project first.\n");
  process.exit(1);
}
await import(main);
