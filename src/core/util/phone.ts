/**
 * Phone numbers to E.164 with Google's libphonenumber metadata
 * (awesome-phonenumber), so one person gets one identity however the number
 * is written: national trunk prefixes are dropped only where the country
 * drops them (Germany's "0151…" → "+49151…", but Italy keeps its 0:
 * "06 1234 5678" → "+390612345678"), "(0)" notations, "00" international
 * prefixes and separators are understood.
 *
 * Invariant: a result is "+" and 8 to 15 digits and is a *possible* number for
 * its country (right length for the numbering plan). Validity against assigned
 * ranges is not required: test and newly issued numbers must still work.
 *
 * Replaces two hand-written normalisers that disagreed on Italian numbers
 * (issue 18).
 */
import { getRegionCodeForCountryCode, parsePhoneNumber } from "awesome-phonenumber";

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

/** `defaultCallingCode` ("49", "+39") reads national forms; without it a number must be international. */
export function toE164(raw: string, defaultCallingCode?: string | null): PhoneResult {
  const s = raw
    .trim()
    .replace(/^00(?=\d)/, "+")
    .replace(/^\(?00(?=\d)/, "+");
  const cc = Number((defaultCallingCode ?? "").replace(/\D/g, ""));
  const regionCode = cc ? getRegionCodeForCountryCode(cc) : undefined;
  if (!s.startsWith("+") && (!regionCode || regionCode === "ZZ")) return { ok: false, reason: "the phone number needs a country calling code such as +49" };
  const parsed = parsePhoneNumber(s, regionCode && regionCode !== "ZZ" ? { regionCode } : {});
  const e164 = parsed.number?.e164;
  if (!e164 || !parsed.possible) return { ok: false, reason: "this is not a possible phone number for its country" };
  // The plan allows short numbers (German "+49 12345" is "possible"); a customer's own number is never that short.
  if (e164.length - 1 < 8) return { ok: false, reason: "an international phone number has 8 to 15 digits" };
  return { ok: true, e164 };
}
