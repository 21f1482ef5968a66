export type { EmailChannelConfig } from "./config.js";
export { emailChannel } from "./module.js";
export { createEmailChannelAdapter, EMAIL_MAX_TEXT, type EmailAdapterOptions } from "./adapter.js";
export { emailAddressSchema, type EmailAddress } from "./decode.js";
