import { execFile } from "node:child_process";
import { relative } from "node:path";

/**
 * Who last changed each article file, from git, for the version history.
 * One `git status` and one `git log` for the whole directory (not one
 * process per file: a cold start with 1,000 articles must stay fast).
 *
 * A file with uncommitted changes, an untracked file, a directory outside
 * any git work tree, or a missing `git` binary all yield "unknown" for that
 * file: git cannot say who made a change it has not seen, and the caller
 * then falls back to the article's owner. Never throws.
 */
export type GitAuthors = (file: string) => string | null;

function git(cwd: string, args: string[]): Promise<string | null> {
  return new Promise((done) => {
    execFile("git", ["-c", "core.quotePath=false", ...args], { cwd, timeout: 5000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout) => done(err ? null : stdout));
  });
}

/** Authors of the last commit touching each file under `dir`; files are absolute paths. */
export async function gitAuthors(dir: string): Promise<GitAuthors> {
  const top = (await git(dir, ["rev-parse", "--show-toplevel"]))?.trim();
  if (!top) return () => null;
  const [status, log] = await Promise.all([
    git(dir, ["status", "--porcelain", "-z", "--untracked-files=all", "--", "."]),
    git(dir, ["log", "--format=%x00%an", "--name-only", "--no-renames", "--", "."]),
  ]);
  if (log === null) return () => null;
  const dirty = new Set<string>();
  for (const entry of (status ?? "").split("\0")) if (entry.length > 3) dirty.add(entry.slice(3));
  const authors = new Map<string, string>();
  let author = "";
  for (const line of log.split("\n")) {
    if (line.startsWith("\0")) author = line.slice(1);
    else if (line !== "" && !authors.has(line)) authors.set(line, author);
  }
  return (file) => {
    const rel = relative(top, file).split("\\").join("/");
    if (dirty.has(rel)) return null;
    return authors.get(rel) || null;
  };
}
