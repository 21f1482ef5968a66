/**
 * Automatic fall-back from one AiProvider (the OpenAI one) to another (the
 * local one) when the first fails with an {@link AiProviderError}.
 *
 * - The result's `provider` field says which provider answered.
 * - Fall-backs are logged with the operation, the error kind and status —
 *   never the prompt, the output or the upstream message (PII, secrets).
 * - Outputs of the primary are re-checked (intent offered, citations given)
 *   so a broken primary cannot slip a hallucination past the port.
 * - `embed` is the primary's own, without fall-back (see below).
 * - Errors that are not AiProviderError (programming errors) are rethrown.
 * - Optional circuit breaker: after `failureThreshold` consecutive failures
 *   the primary is skipped for `cooldownMs` (a customer does not wait for a
 *   timeout per message during an outage), then tried again.
 */
import { systemClock, type Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import {
  AiProviderError,
  enforceGrounding,
  enforceActionChoice,
  enforceIntent,
  extractionSchema,
  summarySchema,
  describeIssues,
  type AiOperation,
  ACTIONS_IN_ORDER,
  type AiProvider,
  type ChooseActionInput,
} from "./port.js";

export interface FallbackOptions {
  /** Consecutive primary failures that open the breaker. Default 0: no breaker. */
  failureThreshold?: number;
  /** How long the primary is skipped once the breaker is open. Default 30 s. */
  cooldownMs?: number;
  clock?: Clock;
}

export interface FallbackProvider extends AiProvider {
  /** Whether the primary is currently skipped (breaker open). */
  readonly primarySkipped: boolean;
}

export function withFallback(primary: AiProvider, fallback: AiProvider, logger: Logger, options: FallbackOptions = {}): FallbackProvider {
  const log = logger.child({ component: "ai.fallback" });
  const clock = options.clock ?? systemClock;
  const threshold = options.failureThreshold ?? 0;
  const cooldownMs = options.cooldownMs ?? 30_000;
  let failures = 0;
  let openUntil = 0;

  const skipping = () => threshold > 0 && clock.now().getTime() < openUntil;

  async function run<T>(operation: AiOperation, viaPrimary: () => Promise<T>, viaFallback: () => Promise<T>): Promise<T> {
    if (skipping()) return viaFallback();
    try {
      const result = await viaPrimary();
      failures = 0;
      return result;
    } catch (e) {
      if (!(e instanceof AiProviderError)) throw e;
      failures++;
      const opened = threshold > 0 && failures >= threshold;
      if (opened) openUntil = clock.now().getTime() + cooldownMs;
      log.warn(
        {
          ai: { operation, primary: primary.id, fallback: fallback.id, kind: e.kind, status: e.status, consecutiveFailures: failures },
          ...(opened ? { breakerOpenMs: cooldownMs } : {}),
        },
        `AI provider ${primary.id} failed (${e.kind}) on ${operation}; ${fallback.id} answers`,
      );
      if (opened) failures = 0;
      return viaFallback();
    }
  }

  const embed = primary.embed?.bind(primary);
  return {
    id: primary.id,
    get primarySkipped() {
      return skipping();
    },
    classify: (input) =>
      run(
        "classify",
        async () => enforceIntent(await primary.classify(input), input.intents, primary.id),
        () => fallback.classify(input),
      ),
    extract: (input) =>
      run(
        "extract",
        async () => {
          const parsed = extractionSchema.safeParse(await primary.extract(input));
          if (!parsed.success)
            throw new AiProviderError("invalid_output", "extract", `extraction does not match the schema (${describeIssues(parsed.error)})`, primary.id);
          return parsed.data;
        },
        () => fallback.extract(input),
      ),
    answer: (input) =>
      run(
        "answer",
        async () => enforceGrounding(await primary.answer(input), input.passages, primary.id),
        () => fallback.answer(input),
      ),
    summarise: (input) =>
      run(
        "summarise",
        async () => {
          const parsed = summarySchema.safeParse(await primary.summarise(input));
          if (!parsed.success)
            throw new AiProviderError("invalid_output", "summarise", `summary does not match the schema (${describeIssues(parsed.error)})`, primary.id);
          return parsed.data;
        },
        () => fallback.summarise(input),
      ),
    // Falls back to the deterministic order (the fallback's own choice if it has one, else "no choice"):
    // the flow then runs the intent's actions in config order, as with the local provider.
    ...(primary.chooseAction
      ? {
          chooseAction: (input: ChooseActionInput) =>
            run(
              "choose_action",
              async () => enforceActionChoice(await primary.chooseAction!(input), input.actions, primary.id),
              async () => (fallback.chooseAction ? fallback.chooseAction(input) : { action: ACTIONS_IN_ORDER, arguments: {}, provider: fallback.id }),
            ),
        }
      : {}),
    // Never falls back: vectors of two models are not interchangeable (the KB caches them under the
    // primary's model name). A failure reaches the KB, which then ranks with BM25 only.
    ...(embed ? { embed: (texts: string[]) => embed(texts) } : {}),
  };
}
