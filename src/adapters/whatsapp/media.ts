import { z } from "zod";
import type { WaClient } from "./client.js";
import { describeWaError } from "./errors.js";

/** Bytes of a customer's media attachment, fetched on demand. */
export interface FetchedMedia {
  mimeType: string;
  name: string | null;
  bytes: Buffer;
}

export type MediaErrorReason = "not_connected" | "not_found" | "too_large" | "unavailable";

export class WhatsappMediaError extends Error {
  constructor(
    readonly reason: MediaErrorReason,
    message: string,
  ) {
    super(message);
    this.name = "WhatsappMediaError";
  }
}

/** whatsapp-web.js's MessageMedia, validated before use. */
const mediaSchema = z.looseObject({
  mimetype: z.string().min(1),
  data: z.string(),
  filename: z.string().nullish(),
});

export interface MediaFetcher {
  fetch(ref: string): Promise<FetchedMedia>;
}

/**
 * Downloads media lazily through the running session. The size is checked
 * before downloading when WhatsApp told us (`_data.size`) and again on the
 * bytes (the browser hands them over as base64, so a file is held ~2.3 times
 * in memory while it passes). Nothing is written to disk.
 */
export function createMediaFetcher(deps: { maxBytes: number; getClient(): WaClient | null }): MediaFetcher {
  return {
    async fetch(ref) {
      const client = deps.getClient();
      if (!client) throw new WhatsappMediaError("not_connected", "WhatsApp is not connected");
      if (!client.getMessageById) throw new WhatsappMediaError("unavailable", "this client cannot look messages up");
      const message = await client.getMessageById(ref).catch((err: unknown) => {
        throw new WhatsappMediaError("unavailable", `looking the message up failed: ${describeWaError(err)}`);
      });
      if (!message) throw new WhatsappMediaError("not_found", "the message is no longer on this device");
      const announced = (message._data as { size?: unknown } | undefined)?.size;
      if (typeof announced === "number" && announced > deps.maxBytes) {
        throw new WhatsappMediaError("too_large", `the file is ${announced} bytes, over media_max_size (${deps.maxBytes})`);
      }
      const download = message.downloadMedia;
      if (typeof download !== "function") throw new WhatsappMediaError("unavailable", "the message has no media");
      const raw: unknown = await (download as () => Promise<unknown>).call(message).catch((err: unknown) => {
        throw new WhatsappMediaError("unavailable", `downloading failed: ${describeWaError(err)}`);
      });
      const parsed = mediaSchema.safeParse(raw);
      // whatsapp-web.js answers undefined when the media expired on WhatsApp's servers and the phone no longer has it.
      if (!parsed.success) throw new WhatsappMediaError("unavailable", "WhatsApp no longer has this file");
      // base64 decodes to 3/4 of its length: refuse before allocating the buffer.
      if (Math.floor((parsed.data.data.length * 3) / 4) > deps.maxBytes + 2) {
        throw new WhatsappMediaError("too_large", `the file is over media_max_size (${deps.maxBytes} bytes)`);
      }
      const bytes = Buffer.from(parsed.data.data, "base64");
      if (bytes.length > deps.maxBytes) throw new WhatsappMediaError("too_large", `the file is ${bytes.length} bytes, over media_max_size (${deps.maxBytes})`);
      return { mimeType: parsed.data.mimetype, name: parsed.data.filename ?? null, bytes };
    },
  };
}
