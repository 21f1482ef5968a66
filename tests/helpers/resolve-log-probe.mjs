// Child process for tests/app/lazy-vendors.test.ts:
// node --import tsx resolve-log-probe.mjs HOOKS LOG MODULE...
import { register } from "node:module";
import { pathToFileURL } from "node:url";

const [hooks, log, ...modules] = process.argv.slice(2);
register(pathToFileURL(hooks).href, { data: { log } });
for (const m of modules) await import(pathToFileURL(m).href);
