import type { WaClient, WaClientFactory, WaClientOptions } from "./client.js";

/**
 * Chromium flags for a headless server: no sandbox (containers run as root),
 * no GPU, no background traffic, /tmp instead of a small /dev/shm.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-setuid-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--no-zygote",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The options passed to whatsapp-web.js's Client constructor (exposed for tests and diagnostics). */
export function clientConstructorOptions(options: WaClientOptions): {
  puppeteer: { executablePath: string; headless: boolean; args: string[] };
  qrMaxRetries: number;
  takeoverOnConflict: boolean;
} {
  return {
    puppeteer: { executablePath: options.executablePath, headless: options.headless, args: [...CHROMIUM_ARGS] },
    // Keep offering fresh QR codes until someone scans (0 = no limit); the admin may take a while.
    qrMaxRetries: 0,
    // Another WhatsApp Web tab on the same number must not silently steal the hub's session.
    takeoverOnConflict: false,
  };
}

/**
 * Builds the real whatsapp-web.js Client with LocalAuth under `sessionDir`
 * and the system Chromium. It does not initialize it (no browser starts
 * here); the adapter calls `initialize()` when the channel starts.
 *
 * The package is CommonJS, so it is loaded with a dynamic default import and
 * destructured; loading it lazily keeps puppeteer out of hubs that do not run
 * this channel.
 */
export const createRealClient: WaClientFactory = async (options) => {
  const wwebjs = (await import("whatsapp-web.js")).default;
  const { Client, LocalAuth } = wwebjs;
  const authStrategy = new LocalAuth({ dataPath: options.sessionDir, ...(options.clientId ? { clientId: options.clientId } : {}) });
  const client = new Client({ authStrategy, ...clientConstructorOptions(options) });
  // The Client's methods are wider than WaClient (sendMessage takes media, options...); the adapter only uses this subset.
  return client as unknown as WaClient;
};
