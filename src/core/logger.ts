import { pino, type Logger as PinoLogger } from "pino";
import pinoPretty from "pino-pretty";

export type Logger = PinoLogger;

/**
 * Paths redacted from every log line. Secrets (tokens, passwords, keys) and
 * customer PII (message text, e-mail, phone, names) never reach the log; ids
 * do, so an operator can still follow a conversation.
 */
export const REDACTED_PATHS = [
  "token",
  "*.token",
  "secret",
  "*.secret",
  "password",
  "*.password",
  "apiKey",
  "*.apiKey",
  "api_key",
  "*.api_key",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
  "text",
  "*.text",
  "email",
  "*.email",
  "phone",
  "*.phone",
  "name",
  "*.name",
  "body",
  "*.body",
];

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
// International numbers ("+49 151 1234 5678") and long bare digit runs; not dates, times, IPs or short order numbers.
const PHONE = /\+\d[\d\s()-]{6,}\d|(?<![\w.:-])\d{10,}(?![\w.:-])/g;

/** Masks e-mail addresses and phone numbers inside free text (log messages, error strings). */
export function scrubPii(s: string): string {
  return s.replace(EMAIL, "[email]").replace(PHONE, "[phone]");
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
  /** Human-readable lines (pino-pretty, synchronous) instead of JSON: for a terminal. Redaction applies the same. */
  pretty?: boolean;
}

/** Object-first structured logger (pino) with secrets and PII redacted. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          // Scrub PII from the human-readable message string (the last string argument).
          const mapped = args.map((a) => (typeof a === "string" ? scrubPii(a) : a)) as Parameters<typeof method>;
          return method.apply(this, mapped);
        },
      },
      serializers: { err: (e: Error) => ({ type: e.name, message: scrubPii(e.message), code: (e as { code?: string }).code }) },
    },
    options.pretty
      ? pinoPretty({
          sync: true,
          colorize: options.destination === undefined && process.stdout.isTTY === true,
          translateTime: "SYS:HH:MM:ss",
          ignore: "pid,hostname",
          ...(options.destination ? { destination: options.destination } : {}),
        })
      : ((options.destination ?? process.stdout) as pino.DestinationStream),
  );
}

/** A logger that drops everything (tests, `simulate`). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
