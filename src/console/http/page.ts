import type { Express, Request, Response } from "express";
import type { Logger } from "../../core/logger.js";
import type { ConsoleBundle } from "../bundle.js";

/** Everything the page may load comes from the hub itself; nothing inline runs, nothing frames it. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function shell(title: string): string {
  const safe = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${safe} · Console</title>
<script src="/console/app.js" defer></script>
</head>
<body><div id="app" data-title="${safe}"><noscript>The console needs JavaScript.</noscript></div></body>
</html>`;
}

/**
 * GET /console/app.js (the Preact bundle, built once) and the HTML shell for
 * /console and every page below it (the front end routes on the path).
 */
export function mountPage(app: Express, deps: { title: string; bundle: () => Promise<ConsoleBundle>; logger: Logger }): void {
  app.get("/console/app.js", (req: Request, res: Response) => {
    deps.bundle().then(
      (b) => {
        res.set({ "Content-Type": "text/javascript; charset=utf-8", ETag: b.etag, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff" });
        if (req.get("if-none-match") === b.etag) return void res.status(304).end();
        res.send(b.code);
      },
      (err: unknown) => {
        deps.logger.error({ err }, "the console bundle could not be built");
        res.status(503).json({ error: { code: "console_unavailable", message: "the console front end is not available (see the hub's log)" } });
      },
    );
  });
  const html = shell(deps.title);
  app.get(["/console", /^\/console\/(?!api\/|app\.js$).*/], (_req, res) => {
    res.set({
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": CSP,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    });
    res.send(html);
  });
}
