import fc from "fast-check";

/** JSON-ish values of every kind, including the awkward ones (null, NaN-free numbers, deep nesting). */
export const anyJson = fc.jsonValue({ maxDepth: 4 });

/** A value that is sometimes right, sometimes the wrong type, sometimes missing: drives decoders down every branch. */
export function sometimes<T>(right: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(right, right, anyJson, fc.constant(undefined), fc.constant(null));
}

/** Drops undefined keys (a JSON body never carries them). */
export function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

const user = fc.record({ id: sometimes(fc.integer()), is_bot: sometimes(fc.boolean()), first_name: sometimes(fc.string()) }).map(compact);
const chat = fc
  .record({ id: sometimes(fc.oneof(fc.integer(), fc.double())), type: sometimes(fc.constantFrom("private", "group", "supergroup", "channel")) })
  .map(compact);
const message = fc
  .record({
    message_id: sometimes(fc.nat()),
    date: sometimes(fc.nat()),
    edit_date: sometimes(fc.nat()),
    chat: sometimes(chat),
    from: sometimes(user),
    text: sometimes(fc.string()),
    caption: sometimes(fc.string()),
    entities: sometimes(
      fc.array(
        fc
          .record({ type: sometimes(fc.constantFrom("mention", "bot_command", "text_mention")), offset: sometimes(fc.nat()), length: sometimes(fc.nat()) })
          .map(compact),
      ),
    ),
    photo: sometimes(fc.array(fc.record({ file_id: sometimes(fc.string()) }).map(compact))),
    location: sometimes(fc.record({ latitude: sometimes(fc.double()), longitude: sometimes(fc.double()) }).map(compact)),
  })
  .map(compact);

/** Telegram updates shaped like the Bot API's, with any field possibly wrong, plus arbitrary JSON. */
export const telegramUpdate: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .record({
      update_id: sometimes(fc.nat()),
      message: sometimes(message),
      edited_message: sometimes(message),
      callback_query: sometimes(
        fc.record({ id: sometimes(fc.string()), from: sometimes(user), data: sometimes(fc.string()), message: sometimes(message) }).map(compact),
      ),
    })
    .map(compact),
  anyJson,
);
