import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { PublicWidgetConfig } from "./config.js";

/** The widget as served at /widget.js. */
export interface WidgetBundle {
  code: string;
  etag: string;
  /** "esbuild" when built from the TypeScript sources now, "prebuilt" when read from a bundle file. */
  source: "esbuild" | "prebuilt";
}

/** Name of the define the widget reads its configuration from (see widget/config.ts). */
export const WIDGET_CONFIG_DEFINE = "__THREADLINE_WIDGET_CONFIG__";

/**
 * Where the widget's entry (`widget/main.ts`) is. Running the TypeScript
 * sources (tsx, vitest) it sits next to this module; running the compiled
 * `dist/adapters/web/*.js` it is not in dist (tsconfig.build.json excludes it),
 * so look in the repository's `src` folder beside `dist`.
 */
export function widgetEntryCandidates(moduleUrl: string = import.meta.url): string[] {
  return [new URL("./widget/main.ts", moduleUrl), new URL("../../../src/adapters/web/widget/main.ts", moduleUrl)].map((u) => fileURLToPath(u));
}

export function findWidgetEntry(moduleUrl: string = import.meta.url): string | null {
  return widgetEntryCandidates(moduleUrl).find((p) => existsSync(p)) ?? null;
}

/** A bundle built ahead of time (e.g. by the release build), used when the sources or esbuild are not installed. */
function prebuiltCandidates(moduleUrl: string): string[] {
  return [new URL("./widget.js", moduleUrl), new URL("./widget/widget.js", moduleUrl)].map((u) => fileURLToPath(u));
}

function bundle(code: string, source: WidgetBundle["source"]): WidgetBundle {
  return { code, source, etag: `"${createHash("sha256").update(code).digest("base64url").slice(0, 27)}"` };
}

/**
 * Builds the widget in memory with esbuild (minified IIFE, ES2020), with the
 * widget's configuration compiled in. Falls back to a prebuilt bundle (which
 * then fetches its configuration from /api/web/config) when esbuild or the
 * sources are missing, as in a production install without dev dependencies.
 */
export async function buildWidgetBundle(config: PublicWidgetConfig, moduleUrl: string = import.meta.url): Promise<WidgetBundle> {
  const entry = findWidgetEntry(moduleUrl);
  let esbuild: typeof import("esbuild") | null = null;
  try {
    esbuild = await import("esbuild");
  } catch {
    esbuild = null;
  }
  if (entry && esbuild) {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      write: false,
      format: "iife",
      target: "es2020",
      platform: "browser",
      legalComments: "none",
      charset: "utf8",
      logLevel: "silent",
      define: { [WIDGET_CONFIG_DEFINE]: JSON.stringify(config) },
      // Plain assignments instead of defineProperty helpers for class fields: smaller output.
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, verbatimModuleSyntax: true } },
    });
    const out = result.outputFiles[0];
    if (!out) throw new Error("esbuild produced no output for the web chat widget");
    return bundle(out.text, "esbuild");
  }
  const prebuilt = prebuiltCandidates(moduleUrl).find((p) => existsSync(p));
  if (prebuilt) return bundle(readFileSync(prebuilt, "utf8"), "prebuilt");
  throw new Error(
    entry
      ? "esbuild is not installed, and no prebuilt widget bundle was found"
      : `web chat widget sources not found (looked at ${widgetEntryCandidates(moduleUrl).join(", ")})`,
  );
}
