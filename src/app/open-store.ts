import { resolve } from "node:path";
import type { ThreadlineConfig } from "../core/config/schema.js";
import type { Store } from "../core/store/port.js";
import { openSqliteStore } from "../core/store/sqlite/sqlite-store.js";

/** Opens the configured engine: MongoDB when chosen (or `auto` with a URI), otherwise the SQLite file under the data dir. */
export async function openConfiguredStore(config: ThreadlineConfig, dataDir: string): Promise<Store> {
  const { engine, mongodb, sqlite } = config.store;
  if (engine === "mongodb" || (engine === "auto" && mongodb.uri)) {
    if (!mongodb.uri) throw new Error("store.engine is mongodb but store.mongodb.uri is empty (set MONGODB_URI)");
    // Loaded only when used: mongoose is large and most installs run on SQLite.
    const { openMongoStore } = await import("../core/store/mongodb/index.js");
    return openMongoStore({ uri: mongodb.uri, serverSelectionTimeoutMS: mongodb.server_selection_timeout });
  }
  return openSqliteStore({ path: resolve(dataDir, sqlite.path), busyTimeoutMs: sqlite.busy_timeout });
}
