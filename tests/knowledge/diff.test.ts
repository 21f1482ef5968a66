import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/knowledge/diff.js";

/** Applies a unified diff produced by `unifiedDiff` (enough to check it round-trips). */
function apply(before: string, diff: string): string {
  if (diff === "") return before;
  const a = before === "" ? [] : before.split("\n");
  const out: string[] = [];
  let i = 0;
  const lines = diff.replace(/\n$/, "").split("\n").slice(2);
  for (let k = 0; k < lines.length; k++) {
    const m = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(lines[k]!);
    if (!m) throw new Error(`bad hunk header ${lines[k]}`);
    const start = Number(m[2]) === 0 ? Number(m[1]) : Number(m[1]) - 1;
    while (i < start) out.push(a[i++]!);
    for (k++; k < lines.length && !lines[k]!.startsWith("@@"); k++) {
      const l = lines[k]!;
      if (l[0] === " ") {
        expect(a[i]).toBe(l.slice(1));
        out.push(a[i++]!);
      } else if (l[0] === "-") {
        expect(a[i]).toBe(l.slice(1));
        i++;
      } else out.push(l.slice(1));
    }
    k--;
  }
  while (i < a.length) out.push(a[i++]!);
  return out.join("\n");
}

describe("unified diff", () => {
  it("is empty for equal texts and marks changes with context", () => {
    expect(unifiedDiff("a\nb", "a\nb", { from: "x@1", to: "x@2" })).toBe("");
    expect(unifiedDiff("a\nb\nc", "a\nB\nc", { from: "x@1", to: "x@2" })).toBe("--- x@1\n+++ x@2\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
  });

  it("round-trips on random edits", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const before = Array.from({ length: Math.floor(rand() * 40) }, () => `line ${Math.floor(rand() * 12)}`);
      const after = [...before];
      for (let e = Math.floor(rand() * 6); e > 0; e--) {
        const at = Math.floor(rand() * (after.length + 1));
        const op = rand();
        if (op < 0.4) after.splice(at, 1);
        else if (op < 0.8) after.splice(at, 0, `new ${Math.floor(rand() * 5)}`);
        else if (at < after.length) after[at] = `changed ${round}`;
      }
      const b = before.join("\n");
      const c = after.join("\n");
      expect(apply(b, unifiedDiff(b, c, { from: "a", to: "b" }))).toBe(c);
    }
  });
});
