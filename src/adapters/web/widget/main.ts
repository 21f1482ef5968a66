import { loadConfig, readEmbed } from "./config.js";
import { createChatController } from "./controller.js";
import { createView } from "./view.js";

/**
 * Entry of the embeddable widget (bundled to /widget.js). Embed with
 * <script src="https://hub.example.com/widget.js" defer></script>;
 * data-open="true" opens the panel at load.
 */
const embed = readEmbed();
const w = window as unknown as { __threadline?: boolean };

async function boot(): Promise<void> {
  if (w.__threadline) return; // embedded twice
  w.__threadline = true;
  const config = await loadConfig(embed.origin);
  if (!document.body) await new Promise((r) => document.addEventListener("DOMContentLoaded", r, { once: true }));
  const controller = createChatController(embed.origin);
  const view = createView(config, controller);
  controller.attach(view);
  view.mount();
  if (embed.openAtLoad) view.open();
  await controller.start();
}

void boot();
