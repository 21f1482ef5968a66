import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { registerEvalCommand } from "../../src/cli/commands/eval-intents.js";
import { SHOP_HELD_OUT, SHOP_OUT_OF_SCOPE, SHOP_TRAIN } from "./fixtures/shop.js";

const JSON_KEYS = ["accuracy", "macro_f1", "in_scope_accuracy", "oos_precision", "oos_recall", "train_ms", "predict_ms_p50"];

function csv(rows: { text: string; label: string }[]): string {
  const quote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ["text,label", ...rows.map((r) => `${quote(r.text)},${quote(r.label)}`)].join("\r\n") + "\r\n";
}

async function run(cwd: string, args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  let out = "";
  let err = "";
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, cwd };
  const program = new Command().exitOverride();
  registerEvalCommand(program, io);
  process.exitCode = 0;
  await program.parseAsync(args, { from: "user" });
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, exitCode };
}

describe("threadline eval intents", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tl-eval-intents-"));
    const train = SHOP_TRAIN.map((e) => ({ text: e.text, label: e.intent }));
    // A quoted field with a comma and doubled quotes must survive parsing.
    train.push({ text: 'he said "where is it, my order?"', label: "order_status" });
    writeFileSync(join(dir, "train.csv"), csv(train));
    writeFileSync(
      join(dir, "train-oos.csv"),
      csv([...train, ...["sing me a song", "what is two plus two", "how tall is Everest"].map((text) => ({ text, label: "oos" }))]),
    );
    const test = SHOP_HELD_OUT.map((e) => ({ text: e.text, label: e.intent }));
    writeFileSync(join(dir, "test.csv"), csv(test));
    const oos = SHOP_OUT_OF_SCOPE.map((text) => ({ text, label: "oos" }));
    writeFileSync(join(dir, "test-oos.csv"), csv([...test, ...oos]));
    writeFileSync(join(dir, "val.csv"), csv([...test.slice(0, 8), ...oos.slice(0, 3)]));
    writeFileSync(join(dir, "broken.csv"), 'text,label\nfine,a\n"never closed,b\n');
    writeFileSync(join(dir, "noheader.csv"), "sentence,intent\nhi,greet\n");
  });
  afterEach(() => {
    process.exitCode = 0;
  });

  it("prints one JSON object with the required keys; oos keys null without oos rows", async () => {
    const { out, err, exitCode } = await run(dir, ["eval", "intents", "--train", "train.csv", "--test", "test.csv", "--json"]);
    expect(exitCode).toBe(0);
    expect(err).toBe("");
    expect(out.trim().split("\n")).toHaveLength(1);
    const result = JSON.parse(out) as Record<string, number | null>;
    expect(Object.keys(result).sort()).toEqual([...JSON_KEYS].sort());
    expect(result.accuracy).toBe(1);
    expect(result.macro_f1).toBe(1);
    expect(result.in_scope_accuracy).toBeNull();
    expect(result.oos_precision).toBeNull();
    expect(result.oos_recall).toBeNull();
    expect(result.train_ms).toBeGreaterThan(0);
    expect(result.predict_ms_p50).toBeGreaterThan(0);
    expect(result.predict_ms_p50).toBeLessThan(1);
  });

  it("reports out-of-scope figures when the test file has oos rows", async () => {
    const { out, exitCode } = await run(dir, ["eval", "intents", "--train", join(dir, "train.csv"), "--test", "test-oos.csv", "--json"]);
    expect(exitCode).toBe(0);
    const result = JSON.parse(out) as Record<string, number>;
    expect(result.in_scope_accuracy).toBe(1);
    expect(result.oos_recall).toBe(1);
    expect(result.oos_precision).toBe(1);
  });

  it("prints a readable table by default", async () => {
    const { out, exitCode } = await run(dir, ["eval", "intents", "--train", "train.csv", "--test", "test-oos.csv"]);
    expect(exitCode).toBe(0);
    expect(out).toMatch(/accuracy\s+100\.00 %/);
    expect(out).toMatch(/in-scope accuracy/);
    expect(out).toMatch(/oos recall\s+100\.00 %/);
    expect(out).toMatch(/threshold\s+0\.5000\s+default/);
    expect(out).toMatch(/word vectors\s+not used \(only for ≥ 40 intents/); // 8 intents: the plain few-shot model
  });

  it("uses the bundled word vectors for a few-shot set with ≥ 40 intents, unless --no-word-vectors", { timeout: 120_000 }, async () => {
    const topics = [
      "bank",
      "card",
      "loan",
      "rain",
      "snow",
      "wind",
      "cat",
      "dog",
      "bird",
      "fish",
      "tree",
      "rose",
      "car",
      "bus",
      "train",
      "ship",
      "plane",
      "bike",
      "red",
      "blue",
      "green",
      "gold",
      "milk",
      "bread",
      "rice",
      "soup",
      "tea",
      "wine",
      "beer",
      "salt",
      "sugar",
      "piano",
      "guitar",
      "drum",
      "song",
      "film",
      "book",
      "poem",
      "chess",
      "golf",
      "tennis",
    ];
    const rows = topics.flatMap((t) =>
      ["tell me about the", "i have a question on my", "help with a", "what about the"].map((p) => ({ text: `${p} ${t}`, label: `about_${t}` })),
    );
    writeFileSync(join(dir, "many.csv"), csv(rows));
    const used = await run(dir, ["eval", "intents", "--train", "many.csv", "--test", "many.csv"]);
    expect(used.exitCode).toBe(0);
    expect(used.out).toMatch(/word vectors\s+used/);
    const off = await run(dir, ["eval", "intents", "--train", "many.csv", "--test", "many.csv", "--no-word-vectors"]);
    expect(off.out).toMatch(/word vectors\s+off \(--no-word-vectors\)/);
    const json = await run(dir, ["eval", "intents", "--train", "many.csv", "--test", "many.csv", "--json"]);
    expect(Object.keys(JSON.parse(json.out) as object).sort()).toEqual([...JSON_KEYS].sort()); // no extra keys
  });

  it("measures a closed-set test file (no oos rows) without rejecting anything, unless a threshold is asked for", async () => {
    const closed = await run(dir, ["eval", "intents", "--train", "train.csv", "--test", "test.csv"]);
    expect(closed.out).toMatch(/threshold\s+0\.0000\s+none: closed-set test/);
    expect(closed.out).toMatch(/accuracy\s+100\.00 %/);
    // A threshold everything fails would make every row wrong: it only applies when asked for.
    const strict = await run(dir, ["eval", "intents", "--train", "train.csv", "--test", "test.csv", "--threshold", "1"]);
    expect(strict.out).toMatch(/accuracy\s+0\.00 %/);
    const calibrated = await run(dir, ["eval", "intents", "--train", "train.csv", "--test", "test.csv", "--calibrate", "val.csv"]);
    expect(calibrated.out).toMatch(/threshold\s+\S+\s+calibrated on val\.csv/);
  });

  it("honours --threshold, --calibrate and oos rows in the train file", async () => {
    const fixed = await run(dir, ["eval", "intents", "--train", "train.csv", "--test", "test-oos.csv", "--threshold", "1"]);
    expect(fixed.out).toMatch(/oos recall\s+100\.00 %/);
    expect(fixed.out).toMatch(/in-scope accuracy\s+0\.00 %/);
    const calibrated = await run(dir, ["eval", "intents", "--train", "train.csv", "--test", "test-oos.csv", "--calibrate", "val.csv"]);
    expect(calibrated.exitCode).toBe(0);
    expect(calibrated.out).toMatch(/calibrated on val\.csv/);
    const fromTrain = await run(dir, ["eval", "intents", "--train", "train-oos.csv", "--test", "test-oos.csv"]);
    expect(fromTrain.out).toMatch(/from the 3 oos rows of train-oos\.csv/);
    expect(fromTrain.out).toMatch(/121 examples, 8 intents, 3 oos rows/);
  });

  it("names the file and line of a malformed CSV", async () => {
    const { err, exitCode, out } = await run(dir, ["eval", "intents", "--train", "broken.csv", "--test", "test.csv"]);
    expect(exitCode).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/broken\.csv:3: unterminated quoted field/);
    const header = await run(dir, ["eval", "intents", "--train", "train.csv", "--test", "noheader.csv"]);
    expect(header.err).toMatch(/noheader\.csv:1: header must contain columns "text" and "label"/);
  });

  it("reports missing files and bad options clearly", async () => {
    const missing = await run(dir, ["eval", "intents", "--train", "nope.csv", "--test", "test.csv"]);
    expect(missing.exitCode).toBe(1);
    expect(missing.err).toMatch(/cannot read nope\.csv: no such file/);
    const badThreshold = await run(dir, ["eval", "intents", "--train", "train.csv", "--test", "test.csv", "--threshold", "2"]);
    expect(badThreshold.exitCode).toBe(2);
    expect(badThreshold.err).toMatch(/--threshold must be a number between 0 and 1/);
    const both = await run(dir, ["eval", "intents", "--train", "train.csv", "--test", "test.csv", "--threshold", "0.5", "--calibrate", "val.csv"]);
    expect(both.err).toMatch(/mutually exclusive/);
    const noOos = await run(dir, ["eval", "intents", "--train", "train.csv", "--test", "test.csv", "--calibrate", "test.csv"]);
    expect(noOos.err).toMatch(/test\.csv: no rows labelled oos/);
  });

  it("reuses an existing eval command group", () => {
    const program = new Command();
    program.command("eval").command("replies");
    registerEvalCommand(program, { stdout: () => {}, stderr: () => {}, env: {}, cwd: dir });
    const evalCommands = program.commands.filter((c) => c.name() === "eval");
    expect(evalCommands).toHaveLength(1);
    expect(evalCommands[0]!.commands.map((c) => c.name())).toEqual(["replies", "intents"]);
  });
});
