import { createConnection, type Connection } from "mongoose";
import { ThreadlineError } from "../../errors.js";
import { describeMongoUri, redactMongoCredentials } from "./uri.js";

export interface MongoConnectOptions {
  /** A `mongodb://` or `mongodb+srv://` connection string; may carry credentials. */
  uri: string;
  /** Database to use; default: the one named in the URI, else "threadline". */
  dbName?: string;
  /** How long to look for a usable server before failing (ms); default 2000 so a missing server fails fast. */
  serverSelectionTimeoutMS?: number;
}

export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 2000;
export const DEFAULT_DB_NAME = "threadline";

/**
 * Opens a dedicated mongoose connection (never the global one) and waits
 * until a server is selected. Commands are not buffered and nothing is created
 * implicitly: indexes are made explicitly by the caller.
 *
 * Throws a ThreadlineError `store_unavailable` naming the host(s) and database
 * — never the credentials — when no server answers within the timeout.
 */
export async function connectMongo(options: MongoConnectOptions): Promise<Connection> {
  const info = describeMongoUri(options.uri);
  const dbName = options.dbName ?? info.database ?? DEFAULT_DB_NAME;
  const timeoutMs = options.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS;
  let conn: Connection | undefined;
  try {
    conn = createConnection(options.uri, {
      dbName,
      serverSelectionTimeoutMS: timeoutMs,
      bufferCommands: false,
      autoIndex: false,
      autoCreate: false,
    });
    await conn.asPromise();
    return conn;
  } catch (err) {
    await conn?.close(true).catch(() => undefined);
    const reason = redactMongoCredentials(err instanceof Error ? err.message : String(err), options.uri);
    throw new ThreadlineError(
      "store_unavailable",
      `could not connect to MongoDB at ${info.hosts} (database ${dbName}, server selection timeout ${timeoutMs} ms): ${reason}`,
      { engine: "mongodb", hosts: info.hosts, dbName },
    );
  }
}
