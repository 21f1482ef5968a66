import { z } from "zod";

/**
 * The webhook payload as Meta sends it (field "messages"). Objects are loose:
 * Meta adds fields over time and an unknown field must never make us reject
 * (and Meta retry) a delivery. Messages and statuses are validated one by one
 * in decode.ts so one odd item does not drop its neighbours.
 */
export const webhookEnvelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(z.looseObject({
    id: z.string().optional(),
    changes: z.array(z.looseObject({
      field: z.string().optional(),
      value: z.looseObject({
        messaging_product: z.string().optional(),
        metadata: z.looseObject({ phone_number_id: z.string(), display_phone_number: z.string().optional() }).optional(),
        contacts: z.array(z.unknown()).optional(),
        messages: z.array(z.unknown()).optional(),
        statuses: z.array(z.unknown()).optional(),
      }),
    })).default([]),
  })),
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

/** The common part of every inbound message; `type` decides which of the optional parts is present. */
export const messageSchema = z.looseObject({
  from: z.string().regex(/^\d{6,15}$/),
  id: z.string().min(1),
  timestamp: z.string().regex(/^\d+$/).optional(),
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z.looseObject({
    type: z.string(),
    button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
    list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
  }).optional(),
  /** A tap on a quick-reply button of a template message. */
  button: z.looseObject({ text: z.string(), payload: z.string().optional() }).optional(),
  image: media.optional(),
  document: media.optional(),
  audio: media.optional(),
  video: media.optional(),
  sticker: media.optional(),
  location: z.looseObject({
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
  }).optional(),
});
export type WebhookMessage = z.output<typeof messageSchema>;

export const statusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  recipient_id: z.string().optional(),
  timestamp: z.string().optional(),
  errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional() })).optional(),
});
