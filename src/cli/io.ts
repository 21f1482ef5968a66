/**
 * What a CLI command may touch of the outside world. `main.ts` builds it from
 * the real process; tests build it from strings, so commands are testable
 * in-process and never read the process environment themselves.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** stdout is a terminal: logs are printed for people (LOG_FORMAT=json keeps JSON lines). */
  stdoutIsTerminal?: boolean;
  /** stderr is a terminal: long commands draw their progress there. */
  stderrIsTerminal?: boolean;
  /** stdout as a stream, for output written as it is produced with backpressure (exports); absent: `stdout(text)`. */
  stdoutStream?: NodeJS.WritableStream;
}
