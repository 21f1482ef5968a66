import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Finding article files. Hidden files and directories, editor backups and
 * lock files (`.#x.md`, `x.md~`, `#x.md#`, `.x.md.swp`) are skipped, so a
 * half-saved file from an editor is never read as an article.
 */
const ARTICLE = /\.(md|markdown)$/i;

function skipped(name: string): boolean {
  return name.startsWith(".") || name.startsWith("#") || name.endsWith("~") || name === "node_modules";
}

/** Article files under `dir`, recursively, as "/"-separated paths relative to it, sorted; null when `dir` does not exist. */
export async function scanArticleFiles(dir: string): Promise<string[] | null> {
  const out: string[] = [];
  async function walk(rel: string): Promise<boolean> {
    let entries;
    try {
      entries = await readdir(join(dir, rel), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return false;
      throw e;
    }
    for (const entry of entries) {
      if (skipped(entry.name)) continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else if ((entry.isFile() || entry.isSymbolicLink()) && ARTICLE.test(entry.name)) out.push(path);
    }
    return true;
  }
  if (!(await walk(""))) return null;
  return out.sort();
}

/** Reads the files; one that vanished between scan and read (an editor's rename-over) is left out. */
export async function readArticleTexts(dir: string, files: readonly string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  await Promise.all(
    files.map(async (file) => {
      try {
        texts.set(file, await readFile(join(dir, file), "utf8"));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }),
  );
  return texts;
}
