import { randomBytes } from "node:crypto";
import type { Contact } from "../model/index.js";

/** A new merge id: `mg_`, 12 hex digits of the time, 80 random bits (the layout of model/ids.ts). */
export function newMergeId(now: number = Date.now()): string {
  return `mg_${now.toString(16).padStart(12, "0")}${randomBytes(10).toString("hex")}`;
}

/**
 * How a merge combines two profiles: the target wins every conflict (it is the
 * contact agents have been working with), keys only the source has are added,
 * and a missing target name is taken from the source. Pure, shared by both
 * store engines so they cannot disagree.
 */
export interface ProfileMergePlan {
  /** Keys (with the source's values) to add to the target. */
  added: Record<string, string>;
  /** Keys both have with different values; the target keeps its value. */
  conflicts: string[];
  /** The name the target takes, or null when it keeps its own (or neither has one). */
  adoptName: string | null;
}

export function planProfileMerge(source: Pick<Contact, "profile" | "name">, target: Pick<Contact, "profile" | "name">): ProfileMergePlan {
  const added: Record<string, string> = {};
  const conflicts: string[] = [];
  for (const [key, value] of Object.entries(source.profile)) {
    if (!Object.prototype.hasOwnProperty.call(target.profile, key)) added[key] = value;
    else if (target.profile[key] !== value) conflicts.push(key);
  }
  return { added, conflicts: conflicts.sort(), adoptName: target.name === null && source.name !== null ? source.name : null };
}

/**
 * The target profile after undoing a merge: each key the merge added is
 * removed again, unless its value was changed after the merge (then it is a
 * newer fact about the merged customer and stays).
 */
export function planProfileUnmerge(
  source: Pick<Contact, "profile">,
  target: Pick<Contact, "profile">,
  keysAdded: readonly string[],
): { profile: Record<string, string>; removed: string[] } {
  const profile = { ...target.profile };
  const removed: string[] = [];
  for (const key of keysAdded) {
    if (Object.prototype.hasOwnProperty.call(profile, key) && profile[key] === source.profile[key]) {
      delete profile[key];
      removed.push(key);
    }
  }
  return { profile, removed };
}
