// Module hooks for tests/app/lazy-vendors.test.ts: appends every bare package
// specifier Node resolves to the log file passed as `data.log`.
import { appendFileSync } from "node:fs";

let log = "";
export async function initialize(data) {
  log = data.log;
}
export async function resolve(specifier, context, next) {
  if (!/^(\.|\/|node:|file:|data:)/.test(specifier)) appendFileSync(log, `${specifier}\n`);
  return next(specifier, context);
}
