import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runThreadline } from "../helpers/cli.js";

/** Each run is a fresh tsx process (~10 s on a loaded 2-core machine). */
describe("the threadline command's environment", { timeout: 120_000 }, () => {
  it("reads .env in the working directory (the environment wins), and prints its version", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tl-env-"));
    writeFileSync(join(dir, "from-env-file.yaml"), "hub: { name: From the env file }\n");
    writeFileSync(join(dir, "from-process.yaml"), "hub: { name: From the process }\n");
    writeFileSync(join(dir, ".env"), `# comment\nTHREADLINE_CONFIG=${join(dir, "from-env-file.yaml")}\n`);
    const fromFile = await runThreadline(["config", "check"], { cwd: dir });
    expect(fromFile.stdout).toMatch(/from-env-file\.yaml: ok/);
    const fromProcess = await runThreadline(["config", "check"], { cwd: dir, env: { THREADLINE_CONFIG: join(dir, "from-process.yaml") } });
    expect(fromProcess.stdout).toMatch(/from-process\.yaml: ok/);
    const version = await runThreadline(["--version"]);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
