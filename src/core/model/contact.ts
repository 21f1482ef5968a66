import type { Identity } from "./channel.js";

/** A customer, known by one or more channel identities. */
export interface Contact {
  id: string;
  name: string | null;
  identities: Identity[];
  /** Free-form profile fields (e.g. order ids the customer gave before); never secrets. */
  profile: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}
