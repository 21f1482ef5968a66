/** "3 min", "2 h 5 min", "1 d 4 h": how long someone has waited. */
export function formatWait(fromIso: string | null, nowMs: number): string {
  if (!fromIso) return "–";
  const mins = Math.max(0, Math.floor((nowMs - Date.parse(fromIso)) / 60_000));
  if (mins < 1) return "just now";
  if (mins < 60) return `${mins} min`;
  const h = Math.floor(mins / 60);
  if (h < 24) return `${h} h${mins % 60 ? ` ${mins % 60} min` : ""}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ""}`;
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });
}

export const CHANNELS: Record<string, string> = {
  web: "Web chat",
  telegram: "Telegram",
  email: "E-mail",
  whatsapp: "WhatsApp",
  "whatsapp-cloud": "WhatsApp",
};
