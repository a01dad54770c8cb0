// Runs the clock-sync bench (sim/clockbench.js) and writes bench/clock.md and bench/raw/clock.json.
// Usage: node sim/clockreport.js [devices] [seeds]    (CLOCK_BEFORE=path adds the clock before a change as a row)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadavg, cpus } from 'node:os';
import { runClockBench, summarize, MODELS, ALGORITHMS, WIRE, PRICE_PER_MILLION_REQUESTS, BENCH_DEFAULTS } from './clockbench.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEVICES = Number(process.argv[2] ?? BENCH_DEFAULTS.devices);
const SEEDS = Array.from({ length: Number(process.argv[3] ?? 5) }, (_, i) => i + 1);
const OUT = process.env.CLOCK_OUT ?? join(ROOT, 'bench');
const before = process.env.CLOCK_BEFORE ? await import(pathToFileURL(process.env.CLOCK_BEFORE).href) : null;
const SPECTATORS = 50_000;

export const GOALS = Object.freeze({ atSync: { p95: 1.5, p99: 2.5, max: 5 }, tts: { p50: 1.0, p95: 1.5 }, unsynced10s: 0 });

const rows = [
  ['ours', 'Cuecast `pwa/lib/clock.js` (this change)', null],
  ...(before ? [['ours', 'Cuecast clock before this change (lowest-RTT-half median, bursts discarded)', before]] : []),
  ['bestOfN', ALGORITHMS.bestOfN.label, null],
  ['ircam', ALGORITHMS.ircam.label, null],
  ['ircamTuned', ALGORITHMS.ircamTuned.label, null],
  ['timesync', ALGORITHMS.timesync.label, null],
  ['timesyncTuned', ALGORITHMS.timesyncTuned.label, null],
];

const load0 = loadavg();
const wall0 = Date.now();
const results = {};
for (const model of Object.keys(MODELS)) {
  results[model] = [];
  for (const [algo, label, mod] of rows) {
    const runs = [];
    for (const seed of SEEDS) {
      runs.push(summarize(await runClockBench(algo, model, seed, { devices: DEVICES }, mod ?? undefined)));
    }
    results[model].push({ algo, label, runs });
    console.log(`clock: ${model} ${label.slice(0, 50)}: done`);
  }
}
const load1 = loadavg();

const get = (obj, path) => path.split('.').reduce((o, k) => o[k], obj);
const mmm = (runs, path, digits = 2) => {
  const xs = runs.map((r) => get(r, path)).sort((a, b) => a - b);
  const f = (x) => (Number.isFinite(x) ? x.toFixed(digits) : '∞');
  return `${f(xs[0])} / ${f(xs[xs.length >> 1])} / ${f(xs[xs.length - 1])}`;
};
const worst = (runs, path) => Math.max(...runs.map((r) => get(r, path)));
const verdict = (runs) => {
  const misses = [];
  for (const k of ['p95', 'p99', 'max']) if (worst(runs, `atSync.${k}`) > GOALS.atSync[k]) misses.push(`error ${k}`);
  for (const k of ['p50', 'p95']) if (worst(runs, `tts.${k}`) > GOALS.tts[k]) misses.push(`synced ${k}`);
  if (worst(runs, 'unsynced10s') > GOALS.unsynced10s) misses.push('unsynced after 10 s');
  return misses.length ? `missed: ${misses.join(', ')}` : 'all goals met';
};

let md = `# Clock-sync benchmark: Cuecast's clock beside the best open-source peers

\`scripts/bench clock\` (${new Date().toISOString()}). ${DEVICES.toLocaleString('en')} simulated phones per run, seeds ${SEEDS.join(', ')};
every figure is **min / median / max over the ${SEEDS.length} seeds** (a figure per seed is itself a percentile over all phones).
All rows of a model run on the **same phones and the same packet draws**: each phone has its own seeded network stream from
which its k-th request always draws the same numbers, whichever algorithm sent it. Phones join over the first
${BENCH_DEFAULTS.joinOverMs / 1000} s and run ${BENCH_DEFAULTS.runMs / 1000} s; local clocks are up to ±${BENCH_DEFAULTS.skewMs / 1000} s off and drift up to
±${BENCH_DEFAULTS.driftPpm} ppm. Peers run unmodified from npm on simulated time (their timers and \`Math.random\` point at the simulator while they run),
each with its defaults and with the tuning its documentation offers.

*Beyond the floor*: no request/reply estimator can see a path's asymmetry, so a phone whose uplink is slower than its
downlink is off by (up − down)/2 whatever it does. Errors here are |estimate − true server time − that floor|.
*At sync*: at the instant the algorithm declares itself synced (ours: \`ready\`, the quality gate; \`timesync\`: its first
\`sync\` end; \`@ircam/sync\`: its first completed series; best-of-N: its first round). *After*: sampled every second from then on.
*Synced*: seconds from opening the app to that instant; phones never synced count as ∞.
Traffic: every exchange costs ${WIRE.requestHeaders} B of request and ${WIRE.responseHeaders} B of response headers plus its body
(\`timesync\` posts JSON-RPC, which a CDN edge function cannot answer); cost at $${PRICE_PER_MILLION_REQUESTS.toFixed(2)} per million CDN requests
for ${SPECTATORS.toLocaleString('en')} phones.

Machine: ${cpus().length} cores shared with other developers' work; load average ${load0[0].toFixed(2)} at the start,
${load1[0].toFixed(2)} at the end; ${((Date.now() - wall0) / 1000).toFixed(0)} s of wall time (simulated time does not depend on it).

Goals (issue 13, on LTE and Wi-Fi at once): error beyond the floor at sync p95 / p99 / max ≤ ${GOALS.atSync.p95} / ${GOALS.atSync.p99} / ${GOALS.atSync.max} ms;
synced p50 / p95 ≤ ${GOALS.tts.p50} / ${GOALS.tts.p95} s; ${GOALS.unsynced10s} phones unsynced 10 s after opening.
`;

for (const [model, spec] of Object.entries(MODELS)) {
  md += `\n## ${spec.name}\n\n${spec.describe}.\n\n`;
  md += '| algorithm | at sync p95 (ms) | at sync p99 (ms) | at sync max (ms) | synced p50 (s) | synced p95 (s) | unsynced after 10 s (of ' + DEVICES + ') | goals (worst seed) |\n';
  md += '| --- | --- | --- | --- | --- | --- | --- | --- |\n';
  md += `| **goal** | ≤ ${GOALS.atSync.p95} | ≤ ${GOALS.atSync.p99} | ≤ ${GOALS.atSync.max} | ≤ ${GOALS.tts.p50} | ≤ ${GOALS.tts.p95} | ${GOALS.unsynced10s} | |\n`;
  for (const { label, runs } of results[model]) {
    md += `| ${label} | ${mmm(runs, 'atSync.p95')} | ${mmm(runs, 'atSync.p99')} | ${mmm(runs, 'atSync.max')} | ${mmm(runs, 'tts.p50')} | ${mmm(runs, 'tts.p95')} | ${mmm(runs, 'unsynced10s', 0)} | ${verdict(runs)} |\n`;
  }
  md += '\nAfter sync, and what it costs:\n\n';
  md += '| algorithm | after sync p95 (ms) | after sync p99 (ms) | after sync max (ms) | requests in the first 10 s | requests / min | bytes / min | $ / hour, 50k phones |\n';
  md += '| --- | --- | --- | --- | --- | --- | --- | --- |\n';
  for (const { label, runs } of results[model]) {
    const perHour = runs.map((r) => r.requestsPerMinute * 60 * SPECTATORS / 1e6 * PRICE_PER_MILLION_REQUESTS).sort((a, b) => a - b)[runs.length >> 1];
    md += `| ${label} | ${mmm(runs, 'after.p95')} | ${mmm(runs, 'after.p99')} | ${mmm(runs, 'after.max')} | ${mmm(runs, 'requests10s', 1)} | ${mmm(runs, 'requestsPerMinute', 1)} | ${mmm(runs, 'bytesPerMinute', 0)} | ${perHour.toFixed(2)} |\n`;
  }
}
md += `
Each cell reads min / median / max over the seeds (cost: the median seed). "goals" judges the worst seed.
The stress model (shared congestion bursts) is not part of the goal: a phone that opens the app inside a burst is
kept provisional (on its best estimate so far, shown with its uncertainty) until the queue drains, because
every reply in a burst is a lucky one or a late one and none is trustworthy to a few ms. Raw per-seed figures: \`bench/raw/clock.json\`.
`;

mkdirSync(join(OUT, 'raw'), { recursive: true });
writeFileSync(join(OUT, 'clock.md'), md);
writeFileSync(join(OUT, 'raw', 'clock.json'), JSON.stringify({ devices: DEVICES, seeds: SEEDS, load: [load0, load1], results }, null, 1));
console.log(`wrote ${join(OUT, 'clock.md')}`);
