import { bundledWordVectors } from "../../app/word-vectors.js";
import type { Command } from "commander";
import { relative } from "node:path";
import { resolve } from "node:path";
import { ConfigError, formatConfigProblem } from "../../core/errors.js";
import { loadScenario, scenarioFiles } from "../../simulate/load.js";
import { runScenario, type ScenarioResult } from "../../simulate/runner.js";
import { loadConfigOrReport } from "../config-path.js";
import type { CliIo } from "../io.js";

/** `threadline simulate FILE_OR_DIR…`: runs scripted conversations through the real pipeline; exit 0 only when every expectation holds. */
export function registerSimulateCommand(program: Command, io: CliIo): void {
  program
    .command("simulate")
    .description("Run scenario files (YAML) through the real pipeline with a simulated clock and virtual channels")
    .argument("<paths...>", "scenario files or directories")
    .option("-c, --config <file>", "config file")
    .option("--json", "print one JSON object instead of the readable report")
    .action(async (paths: string[], opts: { config?: string; json?: boolean }) => {
      const loaded = loadConfigOrReport(opts.config, io);
      if (!loaded) {
        process.exitCode = 1;
        return;
      }
      const results: ScenarioResult[] = [];
      let invalid = 0;
      let files: string[] = [];
      try {
        files = scenarioFiles(paths.map((p) => resolve(io.cwd, p)));
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        for (const p of e.problems) io.stderr(`${formatConfigProblem(p)}\n`);
        process.exitCode = 1;
        return;
      }
      for (const file of files) {
        const shown = relative(io.cwd, file);
        try {
          results.push(await runScenario(loadScenario(file), shown, loaded.config, { rootDir: io.cwd, wordVectors: () => bundledWordVectors() }));
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          invalid++;
          for (const p of e.problems) io.stderr(`${formatConfigProblem({ ...p, file: shown })}\n`);
        }
      }
      const passed = results.filter((r) => r.passed).length;
      const failed = results.length - passed + invalid;
      if (opts.json) io.stdout(`${JSON.stringify({ passed, failed, invalid, scenarios: results }, null, 2)}\n`);
      else io.stdout(formatReport(results, passed, failed));
      process.exitCode = failed > 0 || results.length + invalid === 0 ? 1 : 0;
    });
}

function formatReport(results: ScenarioResult[], passed: number, failed: number): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.passed ? "PASS" : "FAIL"} ${r.name}  (${r.file})`);
    if (r.error) lines.push(`  error: ${r.error}`);
    for (const s of r.steps) {
      lines.push(`  ${s.failures.length ? "✗" : "✓"} ${s.index}. ${s.label}`);
      for (const reply of s.replies) lines.push(`      ← [${reply.channel}] ${reply.text}`);
      for (const f of s.failures) lines.push(`      ✗ ${f}`);
    }
  }
  lines.push("", `${passed} scenario(s) passed, ${failed} failed`);
  return `${lines.join("\n")}\n`;
}
