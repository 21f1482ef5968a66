// Id generation: `newId` (random bytes drawn from the OS in 4 KB blocks) against
// the baseline measured in the same run: one `randomBytes(10)` call per id, as
// before. Medians of 5 alternating rounds of 300,000 ids. Prints one JSON object.
import { randomBytes } from "node:crypto";
import { newId } from "../src/core/model/ids.js";

const N = 300_000;
const ROUNDS = 5;
const baseline = () => `ev_${Date.now().toString(16).padStart(12, "0")}${randomBytes(10).toString("hex")}`;
const time = (f: () => unknown) => {
  const t = performance.now();
  for (let i = 0; i < N; i++) f();
  return ((performance.now() - t) * 1000) / N;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base: number[] = [];
const pooled: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  base.push(time(baseline));
  pooled.push(time(() => newId("ev")));
}
console.log(
  JSON.stringify({
    bench: "ids",
    ids_per_round: N,
    rounds: ROUNDS,
    baseline_us_per_id: Number(median(base).toFixed(3)),
    new_id_us_per_id: Number(median(pooled).toFixed(3)),
    ratio_new_over_baseline: Number((median(pooled) / median(base)).toFixed(2)),
  }),
);
