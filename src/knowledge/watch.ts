import { existsSync, readdirSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";

/**
 * Watches the knowledge directory tree and calls `onChange` once things have
 * been quiet for `debounceMs`.
 *
 * It keeps one plain (non-recursive) watch per directory rather than one
 * `recursive: true` watch: on Linux, Node 20's recursive mode misses files
 * deleted or renamed over — exactly what editors do when they save by writing
 * a temporary file and renaming it over the original. Directories are
 * watched, never files, so a replaced file (new inode) is still seen. New and
 * removed subdirectories are picked up on the next event.
 *
 * When the directory disappears (or does not exist yet) it checks every
 * `retryMs` and resumes watching — with one `onChange` — once it is back.
 */
export interface DirectoryWatch {
  close(): void;
}

export interface WatchOptions {
  debounceMs: number;
  onChange(): void;
  onError?(err: Error): void;
  retryMs?: number;
}

function subdirectories(root: string): string[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    let entries;
    try {
      entries = readdirSync(out[i]!, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules") out.push(join(out[i]!, e.name));
  }
  return out;
}

export function watchDirectory(root: string, options: WatchOptions): DirectoryWatch {
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;
  let closed = false;

  const fire = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (closed) return;
      sync();
      options.onChange();
    }, options.debounceMs);
    timer.unref?.();
  };

  const unwatchAll = () => {
    for (const w of watchers.values()) w.close();
    watchers.clear();
  };

  /** One watcher per existing directory; none (and a retry) when the root is gone. */
  const sync = (): void => {
    if (closed) return;
    if (!existsSync(root)) {
      unwatchAll();
      scheduleRetry();
      return;
    }
    const dirs = new Set(subdirectories(root));
    for (const [dir, w] of watchers) {
      if (!dirs.has(dir)) {
        w.close();
        watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, () => fire());
        w.on("error", (err) => {
          w.close();
          watchers.delete(dir);
          if (dir === root) options.onError?.(err);
          fire();
        });
        watchers.set(dir, w);
      } catch (e) {
        if (dir === root) {
          options.onError?.(e as Error);
          scheduleRetry();
        }
      }
    }
  };

  const scheduleRetry = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      if (watchers.size > 0) return;
      sync();
      if (watchers.size > 0) fire();
      else scheduleRetry();
    }, options.retryMs ?? 2000);
    retry.unref?.();
  };

  sync();
  return {
    close() {
      closed = true;
      unwatchAll();
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
    },
  };
}
