import { open, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

/** What /readyz shows for the store's write check. */
export interface WriteCheck {
  ok: boolean;
  detail: string;
}

export interface WriteProbeOptions {
  /** The SQLite database file; the probe writes next to it (same file system). */
  sqlitePath: string;
  now: () => number;
  /** A result is reused this long, so frequent /readyz polling does not turn into disk writes (default 5 s). */
  cacheMs?: number;
}

/**
 * Checks that the file system holding the SQLite database accepts writes:
 * writes and fsyncs a small file next to the database, then removes it. A
 * full disk (ENOSPC), a read-only mount (EROFS) or lost permissions make
 * /readyz answer 503, the same moment intake would start refusing; reading
 * the store would still work and say nothing about it. The file system is
 * probed rather than the database so the check never adds rows or events.
 */
export function createSqliteWriteProbe(options: WriteProbeOptions): () => Promise<WriteCheck> {
  const file = join(dirname(options.sqlitePath), ".threadline-write-probe");
  const cacheMs = options.cacheMs ?? 5000;
  let last: { at: number; result: Promise<WriteCheck> } | null = null;

  async function probe(): Promise<WriteCheck> {
    try {
      const handle = await open(file, "w", 0o600);
      try {
        // A few KB: enough that a full disk refuses it (a zero-byte write can succeed on a full file system).
        await handle.writeFile(Buffer.alloc(4096, 1));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rm(file, { force: true });
      return { ok: true, detail: "accepts writes" };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "error";
      return { ok: false, detail: `the store's disk refuses writes (${code})` };
    }
  }

  return () => {
    const now = options.now();
    if (!last || now - last.at >= cacheMs) last = { at: now, result: probe() };
    return last.result;
  };
}
