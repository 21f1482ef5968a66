/**
 * A strict parser of the Prometheus text exposition format (0.0.4), for
 * tests: every line must be a HELP, a TYPE or a sample of a declared family,
 * names and labels must be valid, and histograms must be well formed
 * (`_bucket` with `le`, cumulative, a `+Inf` bucket equal to `_count`, `_sum`).
 * Throws on the first violation, naming the line.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  help: string | null;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;
/** Values as Prometheus reads them (Go's ParseFloat): decimal, `+Inf`/`-Inf`, and NaN in any case (prom-client writes `Nan`). */
const VALUE = /^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]?inf(?:inity)?|nan)$/i;

function parseValue(raw: string, line: string): number {
  if (!VALUE.test(raw)) throw new Error(`bad value in: ${line}`);
  const lower = raw.toLowerCase();
  if (lower === "nan") return NaN;
  if (/^[+]?inf/.test(lower)) return Infinity;
  return lower.startsWith("-inf") ? -Infinity : Number(raw);
}

function parseLabels(raw: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < raw.length) {
    const start = LABEL.lastIndex;
    const m = LABEL.exec(raw);
    if (!m || m.index !== start) throw new Error(`bad labels in: ${line}`);
    if (m[1]! in labels) throw new Error(`repeated label ${m[1]} in: ${line}`);
    labels[m[1]!] = m[2]!.replace(/\\(.)/g, (_s, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

/** The family a sample belongs to: itself, or a histogram/summary it is a `_bucket`/`_sum`/`_count` of. */
function familyOf(name: string, families: Map<string, Family>): Family | undefined {
  const own = families.get(name);
  if (own) return own;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  const parent = m ? families.get(m[1]!) : undefined;
  if (!parent) return undefined;
  if (parent.type === "histogram" || (parent.type === "summary" && m![2] !== "bucket")) return parent;
  return undefined;
}

export function parseExposition(text: string): Map<string, Family> {
  if (!text.endsWith("\n")) throw new Error("exposition must end with a newline");
  const families = new Map<string, Family>();
  const helps = new Map<string, string>();
  for (const line of text.slice(0, -1).split("\n")) {
    if (line === "") continue;
    if (line.startsWith("# HELP ")) {
      const [, name, help] = /^# HELP (\S+) (.*)$/.exec(line) ?? [];
      if (!name || !NAME.test(name)) throw new Error(`bad HELP: ${line}`);
      if (helps.has(name)) throw new Error(`second HELP for ${name}`);
      helps.set(name, help ?? "");
      continue;
    }
    if (line.startsWith("# TYPE ")) {
      const m = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
      if (!m || !NAME.test(m[1]!)) throw new Error(`bad TYPE: ${line}`);
      if (families.has(m[1]!)) throw new Error(`second TYPE for ${m[1]}`);
      families.set(m[1]!, { name: m[1]!, type: m[2] as Family["type"], help: helps.get(m[1]!) ?? null, samples: [] });
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample: ${line}`);
    const family = familyOf(m[1]!, families);
    if (!family) throw new Error(`sample of an undeclared family: ${line}`);
    family.samples.push({ name: m[1]!, labels: m[3] !== undefined ? parseLabels(m[3], line) : {}, value: parseValue(m[4]!, line) });
  }
  for (const f of families.values()) {
    if (f.type === "counter" && f.samples.some((s) => s.value < 0)) throw new Error(`negative counter ${f.name}`);
    if (f.type === "histogram") checkHistogram(f);
  }
  return families;
}

function checkHistogram(f: Family): void {
  const series = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name === `${f.name}_bucket`) {
      if (le === undefined) throw new Error(`${f.name}_bucket without le`);
      entry.buckets.push([parseValue(le, s.name), s.value]);
    } else if (s.name === `${f.name}_sum`) entry.sum = s.value;
    else if (s.name === `${f.name}_count`) entry.count = s.value;
    else throw new Error(`${s.name} is not part of histogram ${f.name}`);
  }
  for (const [key, e] of series) {
    if (e.sum === undefined || e.count === undefined) throw new Error(`histogram ${f.name}${key} lacks _sum or _count`);
    for (let i = 1; i < e.buckets.length; i++) {
      if (e.buckets[i]![0] <= e.buckets[i - 1]![0]) throw new Error(`histogram ${f.name}${key}: le not increasing`);
      if (e.buckets[i]![1] < e.buckets[i - 1]![1]) throw new Error(`histogram ${f.name}${key}: buckets not cumulative`);
    }
    const inf = e.buckets.at(-1);
    if (!inf || inf[0] !== Infinity || inf[1] !== e.count) throw new Error(`histogram ${f.name}${key}: +Inf bucket missing or not equal to _count`);
  }
}

/** The value of one sample (labels matched exactly), or undefined. */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = familyOf(name, families);
  const want = JSON.stringify(Object.entries(labels).sort());
  return family?.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want)?.value;
}
