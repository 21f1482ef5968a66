import type { IntentConfig } from "../../core/config/ai-schema.js";
import { validateField } from "../local/fields.js";
import { ACTIONS_IN_ORDER, AiProviderError, type ActionSpec } from "../port.js";
import type { FlowEnv, Turn } from "./turn.js";

/**
 * Which of an intent's actions to try for this message, in order.
 *
 * Without a provider that chooses (the local one): all of them, in config
 * order; the first whose fields are known runs. With one (OpenAI: actions as
 * function tools, issue 12) the model picks one action, or none when the
 * message needs no system (a general question the knowledge base answers),
 * and may fill in its arguments; every argument is validated again here like
 * an extracted field before it is learned. The choice is remembered
 * (`state.chosenAction`): a message that answers the AI's follow-up question
 * (`continuing`: the second factor, a corrected order number) and a
 * confirmation continue the chosen action without asking the model again,
 * because "yes" or a postcode is not a new request. A failing model means
 * config order, as with the local provider.
 */
export async function actionsToTry(env: FlowEnv, turn: Turn, intent: IntentConfig, continuing: boolean): Promise<readonly string[]> {
  const { provider, actions } = env;
  const { state } = turn;
  if (!provider.chooseAction || !actions) return intent.actions;
  const midway = state.confirming !== null || state.confirmed !== null || (continuing && state.chosenAction !== null);
  if (midway) return state.chosenAction && intent.actions.includes(state.chosenAction) ? [state.chosenAction] : intent.actions;
  state.chosenAction = null;
  const specs: ActionSpec[] = intent.actions.flatMap((name) => {
    const a = actions.config(name);
    if (!a) return [];
    return [{ name, description: a.description, needs: a.needs.map((f) => env.fieldSpec(f)), writes: Boolean(a.confirm) || a.method !== "GET" }];
  });
  if (specs.length === 0) return intent.actions;
  let choice;
  try {
    choice = await provider.chooseAction({
      text: turn.text,
      ...(state.question && state.question !== turn.text ? { question: state.question } : {}),
      actions: specs,
      known: { ...turn.fields },
    });
  } catch (err) {
    if (!(err instanceof AiProviderError)) throw err;
    env.logger.warn(
      { ai: { operation: "choose_action", kind: err.kind }, conversationId: turn.input.conversation.id },
      "choosing an action failed; actions run in order",
    );
    return intent.actions;
  }
  if (choice.action === ACTIONS_IN_ORDER) return intent.actions;
  Object.assign(turn.notes, { action_choice: choice.action ?? "none", action_choice_by: choice.provider });
  if (choice.action === null) return [];
  const chosen = specs.find((s) => s.name === choice.action);
  if (!chosen) return intent.actions;
  state.chosenAction = chosen.name;
  for (const [name, value] of Object.entries(choice.arguments)) {
    const spec = chosen.needs.find((f) => f.name === name);
    const checked = spec ? validateField(spec, value, turn.fieldContext) : null;
    if (checked?.ok && !turn.fields[name]) turn.learn(name, checked.value);
  }
  return [chosen.name];
}
