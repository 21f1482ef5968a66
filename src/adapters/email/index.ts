import type { ChannelModule } from "../../core/channel/module.js";
import { createEmailChannelAdapter, EMAIL_REQUIRED_KEYS } from "./adapter.js";
import { emailChannelConfigSchema, type EmailChannelConfig } from "./config.js";

export type { EmailChannelConfig } from "./config.js";
export { createEmailChannelAdapter, EMAIL_MAX_TEXT, type EmailAdapterOptions } from "./adapter.js";
export { emailAddressSchema, type EmailAddress } from "./decode.js";

/** E-mail: IMAP (IDLE) in, SMTP out, with Message-ID / In-Reply-To / References threading and a reply token. */
export const emailChannel: ChannelModule<EmailChannelConfig> = {
  id: "email",
  configSchema: emailChannelConfigSchema,
  requiredSecrets: EMAIL_REQUIRED_KEYS,
  create: (config, deps) => createEmailChannelAdapter(config, deps),
};
