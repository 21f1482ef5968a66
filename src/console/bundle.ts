import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The console's front end as served at /console/app.js. */
export interface ConsoleBundle {
  code: string;
  etag: string;
  source: "esbuild" | "prebuilt";
}

/** The front end's entry: next to this module when running the sources, under src/ beside dist/ when running the build. */
export function consoleEntryCandidates(moduleUrl: string = import.meta.url): string[] {
  return [new URL("./ui/main.tsx", moduleUrl), new URL("../../src/console/ui/main.tsx", moduleUrl)].map((u) => fileURLToPath(u));
}

/** Written by `npm run build` (scripts/build-widget.mjs). */
export function prebuiltConsolePath(moduleUrl: string = import.meta.url): string {
  return fileURLToPath(new URL("./app.js", moduleUrl));
}

/** esbuild options shared with the build script: Preact's automatic JSX runtime, one minified ES2020 IIFE, no CDN. */
export const CONSOLE_ESBUILD_OPTIONS = {
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  platform: "browser",
  legalComments: "none",
  charset: "utf8",
  jsx: "automatic",
  jsxImportSource: "preact",
} as const;

/**
 * Builds the console in memory with esbuild from its sources (development,
 * tests), else serves the bundle `npm run build` wrote next to this module
 * (a production install without dev dependencies).
 */
export async function buildConsoleBundle(moduleUrl: string = import.meta.url): Promise<ConsoleBundle> {
  const entry = consoleEntryCandidates(moduleUrl).find((p) => existsSync(p));
  let esbuild: typeof import("esbuild") | null = null;
  try {
    esbuild = await import("esbuild");
  } catch {
    esbuild = null;
  }
  const make = (code: string, source: ConsoleBundle["source"]): ConsoleBundle => ({
    code,
    source,
    etag: `"${createHash("sha256").update(code).digest("base64url").slice(0, 27)}"`,
  });
  if (entry && esbuild) {
    const result = await esbuild.build({ ...CONSOLE_ESBUILD_OPTIONS, entryPoints: [entry], write: false, logLevel: "silent" });
    const out = result.outputFiles[0];
    if (!out) throw new Error("esbuild produced no output for the console");
    return make(out.text, "esbuild");
  }
  const prebuilt = prebuiltConsolePath(moduleUrl);
  if (existsSync(prebuilt)) return make(readFileSync(prebuilt, "utf8"), "prebuilt");
  throw new Error(entry ? "esbuild is not installed, and no prebuilt console bundle was found" : "console sources not found, and no prebuilt bundle");
}
