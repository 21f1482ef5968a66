import { z } from "zod";

/**
 * The webhook payload as Meta sends it (field "messages"). Objects are loose:
 * Meta adds fields over time and an unknown field must never make us reject
 * (and Meta retry) a delivery. Messages and statuses are validated one by one
 * in decode.ts so one odd item does not drop its neighbours.
 */
export const webhookEnvelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z
        .array(
          z.looseObject({
            field: z.string().optional(),
            value: z.looseObject({
              messaging_product: z.string().optional(),
              metadata: z.looseObject({ phone_number_id: z.string(), display_phone_number: z.string().optional() }).optional(),
              contacts: z.array(z.unknown()).optional(),
              messages: z.array(z.unknown()).optional(),
              statuses: z.array(z.unknown()).optional(),
            }),
          }),
        )
        .default([]),
    }),
  ),
});
export type WebhookEnvelope = z.output<typeof webhookEnvelopeSchema>;

export const contactSchema = z.looseObject({
  wa_id: z.string(),
  profile: z.looseObject({ name: z.string().optional() }).optional(),
});

const media = z.looseObject({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

/** One catalog item of an order (a cart the customer sent from the business's catalog). */
const orderItem = z.looseObject({
  product_retailer_id: z.string().min(1).max(256),
  quantity: z.number().int().positive().max(1_000_000),
  item_price: z.number().nonnegative().finite(),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

/** A contact card the customer shared (many parts may be missing: the user chooses what to share). */
const sharedContact = z.looseObject({
  name: z
    .looseObject({ formatted_name: z.string().max(512).optional(), first_name: z.string().max(256).optional(), last_name: z.string().max(256).optional() })
    .optional(),
  phones: z
    .array(z.looseObject({ phone: z.string().max(64).optional(), wa_id: z.string().max(32).optional(), type: z.string().max(32).optional() }))
    .max(50)
    .optional(),
  emails: z
    .array(z.looseObject({ email: z.string().max(320).optional(), type: z.string().max(32).optional() }))
    .max(50)
    .optional(),
  org: z.looseObject({ company: z.string().max(256).optional(), title: z.string().max(256).optional() }).optional(),
});

/** The parts of a message that can be edited (text, or a media caption), as an `edit` carries them. */
const editedMessage = z.looseObject({
  type: z.string().optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: z.looseObject({ caption: z.string().optional() }).optional(),
  video: z.looseObject({ caption: z.string().optional() }).optional(),
  document: z.looseObject({ caption: z.string().optional() }).optional(),
});

/** What every inbound message must carry to be stored at all: who sent it, its id, its type. */
export const messageBaseSchema = z.looseObject({
  from: z.string().regex(/^\d{6,15}$/),
  id: z.string().min(1),
  timestamp: z.string().regex(/^\d+$/).optional(),
  type: z.string().max(64),
});

/** The common part of every inbound message; `type` decides which of the optional parts is present. */
export const messageSchema = messageBaseSchema.extend({
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
      /** A completed WhatsApp Flow (form): the answers as a JSON string. */
      nfm_reply: z.looseObject({ name: z.string().optional(), body: z.string().optional(), response_json: z.string().max(65_536) }).optional(),
    })
    .optional(),
  order: z
    .looseObject({ catalog_id: z.string().max(64).optional(), text: z.string().optional(), product_items: z.array(orderItem).min(1).max(100) })
    .optional(),
  contacts: z.array(sharedContact).min(1).max(257).optional(),
  /** A customer edited an earlier message (Meta sends these to WhatsApp Business app numbers on Cloud API, "coexistence"). */
  edit: z.looseObject({ original_message_id: z.string().min(1), message: editedMessage }).optional(),
  errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().optional() })).optional(),
  /** A tap on a quick-reply button of a template message. */
  button: z.looseObject({ text: z.string(), payload: z.string().optional() }).optional(),
  image: media.optional(),
  document: media.optional(),
  audio: media.optional(),
  video: media.optional(),
  sticker: media.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
});
export type WebhookMessage = z.output<typeof messageSchema>;

export const statusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  recipient_id: z.string().optional(),
  timestamp: z.string().optional(),
  errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional() })).optional(),
});
