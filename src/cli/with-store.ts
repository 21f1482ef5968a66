import { resolve } from "node:path";
import { openConfiguredStore } from "../app/open-store.js";
import type { LoadedConfig } from "../core/config/load.js";
import type { Store } from "../core/store/port.js";
import { loadConfigOrReport } from "./config-path.js";
import type { CliIo } from "./io.js";

/**
 * Runs `work` with the config and the store it names (SQLite under hub.data_dir or MongoDB),
 * closing the store afterwards. A config error is reported (file:line) and sets exit code 1.
 */
export async function withConfiguredStore(
  configOption: string | undefined,
  io: CliIo,
  work: (store: Store, loaded: LoadedConfig) => Promise<void>,
): Promise<void> {
  const loaded = loadConfigOrReport(configOption, io);
  if (!loaded) {
    process.exitCode = 1;
    return;
  }
  const store = await openConfiguredStore(loaded.config, resolve(io.cwd, loaded.config.hub.data_dir));
  try {
    await work(store, loaded);
  } finally {
    await store.close();
  }
}
