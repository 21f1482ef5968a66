#!/usr/bin/env node
// Part of `npm run build`: writes a prebuilt web-chat widget to dist/adapters/web/widget.js and the
// console front end to dist/console/app.js.
// The hub normally bundles the widget at start-up with its configuration compiled in;
// this prebuilt copy (which fetches its configuration from /api/web/config) serves
// installs that ship dist/ without the TypeScript sources.
import { build } from "esbuild";

await build({
  entryPoints: ["src/adapters/web/widget/main.ts"],
  outfile: "dist/adapters/web/widget.js",
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  platform: "browser",
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, verbatimModuleSyntax: true } },
});

// The agent console's front end (Preact), served at /console/app.js by installs without the sources
// (src/console/bundle.ts builds it in memory when the sources and esbuild are there). Keep the options
// in step with CONSOLE_ESBUILD_OPTIONS there.
await build({
  entryPoints: ["src/console/ui/main.tsx"],
  outfile: "dist/console/app.js",
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  platform: "browser",
  legalComments: "none",
  charset: "utf8",
  jsx: "automatic",
  jsxImportSource: "preact",
  logLevel: "warning",
});
