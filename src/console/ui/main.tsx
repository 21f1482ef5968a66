import { render } from "preact";
import { App } from "./app.js";
import { STYLES } from "./styles.js";

/** Entry of the console's front end (bundled to /console/app.js by esbuild; no CDN, no inline script). */
function boot(): void {
  const style = document.createElement("style");
  style.textContent = STYLES;
  document.head.append(style);
  const root = document.getElementById("app")!;
  render(<App title={root.dataset.title ?? "Threadline"} />, root);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot, { once: true });
else boot();
