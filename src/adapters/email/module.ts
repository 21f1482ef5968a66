import type { ChannelModule } from "../../core/channel/module.js";
import { EMAIL_REQUIRED_KEYS, emailChannelConfigSchema, type EmailChannelConfig } from "./config.js";

/**
 * E-mail: IMAP (IDLE) in, SMTP out, with Message-ID / In-Reply-To / References
 * threading and a reply token. imapflow, nodemailer and mailparser are loaded
 * only when the channel runs.
 */
export const emailChannel: ChannelModule<EmailChannelConfig> = {
  id: "email",
  configSchema: emailChannelConfigSchema,
  requiredSecrets: EMAIL_REQUIRED_KEYS,
  create: async (config, deps) => (await import("./adapter.js")).createEmailChannelAdapter(config, deps),
};
