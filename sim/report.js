// Runs the crowd bench and writes bench/crowd.md (+ SVG plots), bench/raw/crowd.json, and the lead table the operator
// console offers (testdata/lead.json and its copy control-api/src/main/resources/operator/lead-table.js).
// Usage: node sim/report.js [devices] [seeds]   (env: CROWD_DEVICES, CROWD_SEEDS, CROWD_EXTRA_SEEDS, CROWD_BIG, CROWD_KINDS)
// Every delivery figure is min / median / max over the seeds; goals are judged on the worst seed.
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, cpus, totalmem } from 'node:os';
import { spawnSync } from 'node:child_process';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { simulate } from './crowd.js';
import { analyse, strip, costHour, upperBound95, PRICE_PER_MILLION, SPECTATORS } from './analyse.js';
import { BASE, LEADS, CUES_PER_LEAD, CUE_EVERY_MS, HARD_CROWD, ROWS, ABLATIONS, BIG } from './scenarios.js';
import { KINDS } from './kinds.js';
import { HARD_DEFAULTS } from './network.js';
import { PUBLISH_SOURCE, publishSamples } from './publish-latency.js';
import { appShell } from './crowd.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, 'bench');
const env = (k, d) => (process.env[k] === undefined || process.env[k] === '' ? d : process.env[k]);
const DEVICES = Number(process.argv[2] ?? env('CROWD_DEVICES', 1000));
const SEED_COUNT = Number(process.argv[3] ?? env('CROWD_SEEDS', 5));
const EXTRA_COUNT = Number(env('CROWD_EXTRA_SEEDS', 5));
const BIG_DEVICES = Number(env('CROWD_BIG', 100_000));
const KIND_LIST = env('CROWD_KINDS', Object.keys(KINDS).join(',')).split(',');
const SEEDS = Array.from({ length: SEED_COUNT }, (_, i) => i + 1);
const EXTRA = Array.from({ length: EXTRA_COUNT }, (_, i) => SEED_COUNT + i + 1);
const GOAL = 0.999;
const GOAL_LEAD = 3000;
// A full bench (the lead table it writes is evidence); anything smaller writes a table marked as a placeholder.
const FULL = DEVICES >= 1000 && SEED_COUNT >= 5;

const log = (...xs) => console.log(new Date().toISOString().slice(11, 19), ...xs);
const loads = [];
const markLoad = (phase) => loads.push({ phase, at: new Date().toISOString(), load: loadavg().map((x) => Number(x.toFixed(2))) });
const wall0 = Date.now();
markLoad('start');

/** One crowd run, analysed. */
async function run(rowKey, row, kind, seed, devices = DEVICES, extra = {}) {
  const r = await simulate({ ...BASE, ...row.crowd, kind, seed, devices, ...extra }, row.network, row.poller ?? {});
  const a = analyse(r);
  log(`crowd: ${rowKey} ${kind} seed ${seed}: ${r.events} events in ${(r.wallMs / 1000).toFixed(0)} s; held at 3 s ${((a.delivery.find((d) => d.lead === 3000)?.share ?? NaN) * 100).toFixed(2)} %`);
  return { r, a };
}

const results = {}; // `${row}/${kind}` → [{ seed, ...analysis }]
const put = (key, seed, a) => { (results[key] ??= []).push({ seed, ...a }); };
let firstSolid = {}; // row → first seed's full result (plots)

// 1. The network rows, inline cues, seeds 1..n.
for (const [key, row] of Object.entries(ROWS)) {
  for (const seed of SEEDS) {
    const { a } = await run(key, row, 'solid', seed);
    if (!firstSolid[key]) firstSolid[key] = a;
    put(`${key}/solid`, seed, a);
  }
}
markLoad('network rows');
// 2. Every kind of cue on both models.
for (const kind of KIND_LIST.filter((k) => k !== 'solid')) {
  for (const key of ['independent', 'hard']) {
    for (const seed of SEEDS) put(`${key}/${kind}`, seed, (await run(key, ROWS[key], kind, seed)).a);
  }
}
markLoad('kinds');
// 3. What each lever does on the hard model.
for (const [key, row] of Object.entries(ABLATIONS)) {
  for (const seed of SEEDS) put(`${key}/solid`, seed, (await run(key, row, 'solid', seed)).a);
}
markLoad('ablations');
// 4. Symmetric paths: the switch error's floor is 0, so raw and beyond the floor coincide.
const symmetric = (await run('independent symmetric', { network: { model: 'independent', upShareMin: 0.5, upShareMax: 0.5 }, crowd: {} }, 'solid', 7, Math.min(DEVICES, 1000))).a;
markLoad('symmetric');

// 5. 100,000 phones, in a process of its own (its wall time and memory are its own), beside its 1,000-phone twin.
function big(devices) {
  const out = join(BENCH, 'raw', `crowd-big-${devices}.json`);
  mkdirSync(dirname(out), { recursive: true });
  log(`crowd: ${devices} phones (hard model, inline cues, one seed) in a child process...`);
  const p = spawnSync(process.execPath, [join(ROOT, 'sim', 'big.js'), String(devices), '1', out, env('CROWD_SHARDS', String(cpus().length))],
    { stdio: ['ignore', 'inherit', 'inherit'], timeout: 3 * 3600_000 });
  if (p.status !== 0 || !existsSync(out)) return { devices, failed: `exit ${p.status}${p.signal ? ` (${p.signal})` : ''}` };
  return JSON.parse(readFileSync(out, 'utf8'));
}
const bigRuns = BIG_DEVICES > 0 ? [...new Set([Math.min(1000, BIG_DEVICES), BIG_DEVICES])].map(big) : [];
markLoad('100,000 phones');

// 6. Seeds n+1..: both models, every kind, run once at the end.
for (const kind of KIND_LIST) {
  for (const key of ['independent', 'hard']) {
    for (const seed of EXTRA) put(`${key}/${kind}@extra`, seed, (await run(key, ROWS[key], kind, seed)).a);
  }
}
markLoad('end');

// ---- figures -------------------------------------------------------------------------------------------------
const pctf = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)} %` : '—');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const sorted = (xs) => [...xs].sort((x, y) => x - y);
const mmm = (xs, f) => { const v = sorted(xs.filter((x) => x !== null && !Number.isNaN(x))); return v.length ? `${f(v[0])} / ${f(v[v.length >> 1])} / ${f(v[v.length - 1])}` : '—'; };
const at = (a, lead) => a.delivery.find((d) => d.lead === lead);
const shares = (key, lead) => (results[key] ?? []).map((a) => at(a, lead)?.share ?? NaN);
const missList = (key, lead) => (results[key] ?? []).map((a) => at(a, lead)?.misses ?? NaN);
const worst = (keys, lead) => Math.min(...keys.flatMap((k) => shares(k, lead)));
/** The smallest lead of the grid at which every seed of these runs holds GOAL. */
const leadFor = (keys) => LEADS.find((l) => worst(keys, l) >= GOAL) ?? null;
const median = (xs) => sorted(xs)[xs.length >> 1];
const reqShow = (key) => (results[key] ?? []).map((a) => a.requestsPerPhone.show);
const seedsOf = (key) => (results[key] ?? []).map((a) => a.seed);
const allSeeds = (key) => [key, `${key.split('/')[0]}/${key.split('/')[1]}@extra`].filter((k) => results[k]);
const zero = (misses, pairs) => (misses === 0 ? `0 in ${pairs.toLocaleString('en')}: ≤ ${(upperBound95(0, pairs) * 1e6).toFixed(0)} per million (95 %)` : `${misses} in ${pairs.toLocaleString('en')}`);

// ---- the lead table ------------------------------------------------------------------------------------------
const leadTable = {
  README: 'The lead the operator console offers per kind of state (control-api/src/main/resources/operator/lead.js): the smallest lead of the crowd bench\'s grid at which the worst seed of the hard network model held the cue on ≥ 99.9 % of phones. Written by scripts/bench crowd (sim/report.js); do not edit by hand. placeholder: true means a small or partial run wrote it (not evidence).',
  placeholder: !FULL,
  generated_at: new Date().toISOString(),
  source: { bench: 'bench/crowd.md', model: 'hard', devices: DEVICES, seeds: [...SEEDS, ...EXTRA], goal: GOAL, leads_ms: LEADS },
  inline_max_bytes: 1024,
  rows: KIND_LIST.map((kind) => {
    const keys = allSeeds(`hard/${kind}`);
    const runsOf = keys.flatMap((k) => results[k]);
    const cb = runsOf.reduce((m, a) => ({ bytes: Math.max(m.bytes, a.cueBytes.bytes), wire: Math.max(m.wire, a.cueBytes.wireBytes), inlined: m.inlined && a.cueBytes.inlined }), { bytes: 0, wire: 0, inlined: true });
    return {
      kind, inlined: cb.inlined, bytes: cb.bytes, wire_bytes: cb.wire, lead_ms: leadFor(keys),
      worst_share: Object.fromEntries(LEADS.map((l) => [String(l), Number(worst(keys, l).toFixed(5))])),
    };
  }),
};
if (!FULL) leadTable.note = `placeholder from a small run (${DEVICES} phones × ${SEED_COUNT + EXTRA_COUNT} seeds): re-run scripts/bench crowd for evidence`;
writeFileSync(join(ROOT, 'testdata', 'lead.json'), `${JSON.stringify(leadTable, null, 1)}\n`);
writeFileSync(join(ROOT, 'control-api', 'src', 'main', 'resources', 'operator', 'lead-table.js'),
  `// Generated by scripts/bench crowd (sim/report.js) from the same figures as testdata/lead.json; do not edit by hand.\n// lead.test.js pins that the two are equal.\nexport default ${JSON.stringify(leadTable, null, 1)};\n`);

// ---- plots ---------------------------------------------------------------------------------------------------
async function svg(spec) {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}
const cdf = (sortedXs, label, maxX) => {
  const out = [];
  const step = Math.max(1, Math.floor(sortedXs.length / 400));
  for (let i = 0; i < sortedXs.length; i += step) if (sortedXs[i] <= maxX) out.push({ x: sortedXs[i], y: (i + 1) / sortedXs.length, series: label });
  return out;
};
const missSeries = [
  ...Object.keys(ROWS).map((k) => ({ key: `${k}/solid`, label: `${k}, inline` })),
  ...KIND_LIST.filter((k) => k !== 'solid').map((k) => ({ key: `hard/${k}`, label: `hard, ${k}` })),
];
writeFileSync(join(BENCH, 'crowd-delivery.svg'), await svg({
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 460, height: 240,
  title: 'Phones NOT holding the cue before effective_at (worst seed)',
  data: { values: missSeries.flatMap((s) => LEADS.map((l) => ({ lead: l / 1000, missed: Math.max(1e-5, 1 - worst([s.key], l)), series: s.label }))) },
  layer: [
    { mark: { type: 'line', point: true }, encoding: {
      x: { field: 'lead', type: 'quantitative', title: 'lead (s)' },
      y: { field: 'missed', type: 'quantitative', scale: { type: 'log' }, title: 'share missing the cue (log)' },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'right', labelLimit: 300 } } } },
    { mark: { type: 'rule', strokeDash: [4, 4], color: 'red' }, encoding: { y: { datum: 0.001 } } },
  ],
}));
writeFileSync(join(BENCH, 'crowd-switch-error.svg'), await svg({
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 420, height: 220,
  title: '|switch − effective_at| across the crowd (CDF, seed 1, inline cues)',
  data: { values: [...cdf(firstSolid.independent.rawSorted, 'independent, raw', 150), ...cdf(firstSolid.independent.beyondSorted, 'independent, beyond the floor', 150),
    ...cdf(firstSolid.hard.rawSorted, 'hard, raw', 150), ...cdf(firstSolid.hard.beyondSorted, 'hard, beyond the floor', 150),
    ...cdf(symmetric.rawSorted, 'symmetric paths, raw (floor 0)', 150)] },
  mark: 'line',
  encoding: {
    x: { field: 'x', type: 'quantitative', title: 'ms' },
    y: { field: 'y', type: 'quantitative', title: 'share of switches', scale: { domain: [0, 1] } },
    color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom-right', labelLimit: 300 } },
  },
}));
writeFileSync(join(BENCH, 'crowd-time-to-sync.svg'), await svg({
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 420, height: 220,
  title: 'Opening the app to a quality-gated clock (CDF, seed 1, inline cues)',
  data: { values: [...cdf(firstSolid.independent.ttsSorted.filter(Number.isFinite), 'independent', 60_000), ...cdf(firstSolid.hard.ttsSorted.filter(Number.isFinite), 'hard', 60_000)].map((p) => ({ ...p, x: p.x / 1000 })) },
  mark: 'line',
  encoding: {
    x: { field: 'x', type: 'quantitative', title: 's' },
    y: { field: 'y', type: 'quantitative', title: 'share of phones', scale: { domain: [0, 1] } },
    color: { field: 'series', type: 'nominal', title: null },
  },
}));
writeFileSync(join(BENCH, 'raw', 'crowd.json'), JSON.stringify({ devices: DEVICES, seeds: SEEDS, extraSeeds: EXTRA, leads: LEADS, loads,
  hard: HARD_DEFAULTS, hardCrowd: HARD_CROWD, results: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.map(strip)])),
  symmetric: strip(symmetric), big: bigRuns, leadTable }, null, 1));

// ---- the report ----------------------------------------------------------------------------------------------
const hardSolid = firstSolid.hard, indSolid = firstSolid.independent;
const goalInline = worst(allSeeds('hard/solid'), GOAL_LEAD) >= GOAL;
const rowLine = (key, label = key) => {
  const k = `${key}/solid`;
  const rq = reqShow(k);
  const wifi = (results[k] ?? []).map((a) => a.wifiRequestRate);
  const rec = leadFor([k]);
  const med = (xs) => { const v = xs.filter((x) => x !== null); return v.length ? median(v).toFixed(2) : '—'; };
  return `| ${label} | ${missList(k, GOAL_LEAD).join(', ')} | ${mmm(shares(k, GOAL_LEAD), pctf)} | ${mmm(shares(k, 4000), pctf)} | ${rec === null ? `none ≤ ${LEADS.at(-1) / 1000} s` : `${rec / 1000} s`} | ${mmm(rq, (x) => x.toFixed(3))} | ${costHour(median(rq)).toFixed(0)} | ${med(wifi.map((w) => w.burst))} / ${med(wifi.map((w) => w.calm))} |`;
};
const kindRows = (key) => KIND_LIST.map((kind) => {
  const k = `${key}/${kind}`;
  const ex = `${k}@extra`;
  const offered = leadTable.rows.find((r) => r.kind === kind)?.lead_ms ?? null;
  const rec = leadFor(allSeeds(k));
  const bytes = (results[k] ?? []).map((a) => a.bytes.showP95);
  return `| ${key} | ${kind} | ${mmm(shares(k, GOAL_LEAD), pctf)} | ${results[ex] ? mmm(shares(ex, GOAL_LEAD), pctf) : 'not run'} | ${offered === null ? `none ≤ ${LEADS.at(-1) / 1000} s: ${mmm([...shares(k, LEADS.at(-1)), ...(results[ex] ? shares(ex, LEADS.at(-1)) : [])], pctf)} at ${LEADS.at(-1) / 1000} s` : `${offered / 1000} s: ${mmm([...shares(k, offered), ...(results[ex] ? shares(ex, offered) : [])], pctf)}`} | ${rec === null ? `none ≤ ${LEADS.at(-1) / 1000} s` : `${rec / 1000} s`} | ${mmm(reqShow(k), (x) => x.toFixed(3))} | ${costHour(median(reqShow(k))).toFixed(0)} | ${bytes.length ? median(bytes).toFixed(0) : '—'} |`;
}).join('\n');
const missesAtLeads = (key) => KIND_LIST.map((kind) => {
  const keys = allSeeds(`${key}/${kind}`);
  const cells = LEADS.map((l) => {
    const ms = keys.flatMap((k) => missList(k, l));
    const pairs = keys.flatMap((k) => results[k].map((a) => at(a, l)?.pairs ?? 0)).reduce((x, y) => x + y, 0);
    return `${ms.join(' ')} (worst ${pctf(worst(keys, l))}${ms.every((m) => m === 0) ? `; ${zero(0, pairs)}` : ''})`;
  });
  return `| ${kind} | ${cells.join(' | ')} |`;
}).join('\n');
const bigOk = bigRuns.filter((b) => !b.failed);
const bigLine = (b) => {
  if (b.failed) return `| ${b.devices.toLocaleString('en')} | failed: ${b.failed} | | | | | | |`;
  const a = b.analysis;
  return `| ${b.devices.toLocaleString('en')} | ${(b.wallMs / 60000).toFixed(1)} min (CPU ${(b.cpuMs / 60000).toFixed(1)} min), load ${b.load[0][0].toFixed(1)} → ${b.load[1][0].toFixed(1)} | ${(b.maxRssBytes / 2 ** 30).toFixed(2)} GiB | ${b.events.toLocaleString('en')} | ${a.delivery.map((d) => `${d.lead / 1000} s ${pctf(d.share)} (${d.misses} of ${d.pairs.toLocaleString('en')})`).join('; ')} | ${f1(a.switchRaw.p50)} / ${f1(a.switchRaw.p95)} / ${f1(a.switchRaw.p99)} | ${f1(a.switchBeyond.p50)} / ${f1(a.switchBeyond.p95)} / ${f1(a.switchBeyond.p99)} | ${a.requestsPerPhone.show.toFixed(3)} ($${costHour(a.requestsPerPhone.show).toFixed(0)}) |`;
};
const co = (a, name) => a.sync[name];
const ms = (x) => (Number.isFinite(x) ? `${(x / 1000).toFixed(1)} s` : 'never');
const cohortLine = (name) => {
  const c = co(hardSolid, name);
  return `| ${name} | ${c.sync.n} | ${ms(c.firstState.p50)} / ${ms(c.firstState.p95)} / ${ms(c.firstState.p99)} | ${ms(c.sync.p50)} / ${ms(c.sync.p95)} / ${ms(c.sync.p99)} |`;
};
const lt = leadTable.rows;
const shell = appShell();
const pub = publishSamples();

const md = `# Crowd benchmark: ${DEVICES.toLocaleString('en')} simulated phones × ${SEEDS.length} seeds (+ ${EXTRA.length} run once at the end), two network models${BIG_DEVICES ? `, and ${BIG_DEVICES.toLocaleString('en')} phones` : ''}

\`scripts/bench crowd\` (${new Date().toISOString()}). The simulator (\`sim/\`) runs the **real** player
(\`pwa/lib/player.js\`: the clock, poller, show and scheduler wiring that \`app.js\` runs) for every phone on simulated
time, so what is measured is the shipped code, not a model of it. Each seed draws its own crowd, network and bursts; every
delivery figure is **min / median / max over the seeds** and a goal is judged on the worst seed.
${FULL ? '' : `\n**A small run (${DEVICES} phones, ${SEED_COUNT} + ${EXTRA_COUNT} seeds): noisy, not evidence; the lead table it wrote is marked as a placeholder.**\n`}
**Machine**: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, shared with other work; load average (1 / 5 / 15 min) ${loads.map((l) => `${l.phase}: ${l.load.join(' / ')}`).join('; ')}.
${((Date.now() - wall0) / 60000).toFixed(0)} min of wall time. Simulated results do not depend on the load; wall times and the 100,000-phone run's do.

## The two models

**independent** (kept as shipped, \`sim/model.js\`): base RTT log-uniform 40–300 ms, 35–75 % of it on the uplink, log-normal
jitter (median 3 ms) drawn afresh for every request, 2 % request loss (a lost request never answers), 30 % of phones on
Wi-Fi with congestion bursts of 2–8 s every 20–60 s (+250 ms median per direction, 15 % loss); everyone opens the app in
the first 10 s; a cue is published the instant the operator sends it.

**hard** (\`sim/network.js\`; every parameter and where it comes from: [\`sim/NETWORK.md\`](../sim/NETWORK.md)): the same base
RTTs, plus
- **memory**: each phone's delay per direction follows an AR(1) process (time constant ${HARD_DEFAULTS.memoryMs / 1000} s), so consecutive requests share it;
- **bursty loss**: Gilbert–Elliott per direction (Bad states of ${HARD_DEFAULTS.badMs} ms mean losing ${HARD_DEFAULTS.lossBad * 100} % of packets), means as the independent model (2 % a request calm, 15 % in a burst);
- **one connection per phone** (HTTP/2 over TCP): requests, hedges, pipelined polls and \`/time\` share it; nothing overtakes
  what was sent before it; a lost packet is retransmitted after max(${HARD_DEFAULTS.rtoMinMs} ms, 2 × RTT), doubling, given up after ${HARD_DEFAULTS.maxTries} tries;
  opening it costs ${HARD_DEFAULTS.handshakeRoundTrips} round trips;
- **load feedback**: Wi-Fi phones share contention domains (${HARD_DEFAULTS.wifi.phonesPerMedium} of ours each), LTE phones cells (${HARD_DEFAULTS.lte.phonesPerMedium} each);
  each has background utilisation (Wi-Fi ${HARD_DEFAULTS.wifi.background.join('–')}, LTE ${HARD_DEFAULTS.lte.background.join('–')}) that rises by
  ${HARD_DEFAULTS.wifi.surge.join('–')} (LTE ${HARD_DEFAULTS.lte.surge.join('–')}) in the venue-wide bursts, plus the airtime **our** phones offer
  (${HARD_DEFAULTS.wifi.airtimeMs} ms a packet on Wi-Fi, ${HARD_DEFAULTS.lte.airtimeMs} ms on LTE); queueing delay is M/M/1 (${HARD_DEFAULTS.wifi.serviceMs} / ${HARD_DEFAULTS.lte.serviceMs} ms × ρ/(1−ρ)) with a
  shared log-normal factor, and offered load above capacity is dropped, so hedges and pipelined polls have a price;
  LTE pays an RRC promotion (${HARD_DEFAULTS.lte.promotionMs} ms) after ${HARD_DEFAULTS.lte.rrcIdleMs / 1000} s idle;
- **the crowd**: ${HARD_CROWD.arrivals.lateShare * 100} % open the app during the show, a third within ${HARD_CROWD.arrivals.spikeOverMs / 1000} s of a QR code on the big
  screen ${HARD_CROWD.arrivals.spikeAtMs / 1000 - BASE.firstCueMs / 1000} s into the cues (connection, app shell of ${shell.files} files / ${shell.gzipBytes.toLocaleString('en')} B gzip, sync and first
  state included); ${HARD_CROWD.background.share * 100} % background the tab once for ${HARD_CROWD.background.hiddenMs.map((x) => x / 1000).join('–')} s (half frozen as iOS Safari does, half with
  Chrome's 1 s timer alignment, no frames while hidden) and resume (\`player.resume()\`, as \`app.js\` does on visibilitychange);
- **publish latency**: each cue's publish takes a latency drawn from \`${PUBLISH_SOURCE.file}\` (${PUBLISH_SOURCE.store},
  ${PUBLISH_SOURCE.workload}: p50 ${f1(pub[pub.length >> 1])} ms, p99 ${f1(pub[Math.floor(pub.length * 0.99)])} ms), off the lead.

**Show**: idle (pointer \`poll_ms\` 20 s) until ${BASE.showFromMs / 1000} s, then show mode (1 s); ${LEADS.length * CUES_PER_LEAD} cues a seed,
${CUES_PER_LEAD} at each lead of ${LEADS.map((l) => l / 1000).join(', ')} s, one every ${CUE_EVERY_MS / 1000} s; CDN as before (8 edges, pointer \`max-age=1\` +
stale-while-revalidate, request collapsing, \`/time\` at the edge). A phone counts for a cue when it was in the show
when the operator pressed GO (it held a state) and its tab was visible at \`effective_at\`; phones still opening the app
are counted apart ("joining"). **Kinds of cue** (the state's size decides inlining, \`testdata/limits.json\`):
${Object.entries(KINDS).filter(([k]) => KIND_LIST.includes(k)).map(([k, v]) => `- **${k}**: ${v}; ${(() => { const r = lt.find((x) => x.kind === k); return r ? `states up to ${r.bytes.toLocaleString('en')} B (${r.wire_bytes.toLocaleString('en')} B on the wire)` : ''; })()}`).join('\n')}

## Delivery: the network rows, inline cues

Goal: ≥ 99.9 % of phones hold the cue before \`effective_at\` at a 3 s lead on the worst seed of the hard model:
**${goalInline ? 'met' : 'missed'}** (${mmm([...shares('hard/solid', GOAL_LEAD), ...(results['hard/solid@extra'] ? shares('hard/solid@extra', GOAL_LEAD) : [])], pctf)} over seeds ${[...seedsOf('hard/solid'), ...seedsOf('hard/solid@extra')].join(', ')}).

| network model | misses at 3 s, seeds ${SEEDS.join(', ')} | held at 3 s | held at 4 s | lead with ≥ 99.9 % on every seed | requests / phone / s | $ / show-hour | Wi-Fi requests / phone / s in bursts / calm (median seed) |
| --- | --- | --- | --- | --- | --- | --- | --- |
${Object.keys(ROWS).map((k) => rowLine(k)).join('\n')}

${Object.entries(ROWS).map(([k, r]) => `- **${k}**: ${r.label}.`).join('\n')}

Misses are phone × cue pairs (about ${Math.round((results['independent/solid']?.[0] ? at(results['independent/solid'][0], GOAL_LEAD).pairs : 0)).toLocaleString('en')} a lead a seed). $ per ${SPECTATORS.toLocaleString('en')}-phone show-hour at
$${PRICE_PER_MILLION.toFixed(2)} per million CDN requests (median seed).

### What each lever does on the hard model (inline cues)

| variant | misses at 3 s, seeds ${SEEDS.join(', ')} | held at 3 s | held at 4 s | lead with ≥ 99.9 % | requests / phone / s | $ / show-hour | Wi-Fi requests / phone / s in bursts / calm (median seed) |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rowLine('hard', 'hard (shipped player)')}
${Object.keys(ABLATIONS).map((k) => rowLine(k)).join('\n')}

## Every kind of cue, both models

Held before \`effective_at\` at 3 s (seeds ${SEEDS.join('–')}, then ${EXTRA.join('–') || 'none'} run once at the end) and at the lead the console now offers
for that kind (testdata/lead.json, all seeds), min / median / max:

| model | kind | held at 3 s, seeds ${SEEDS[0]}–${SEEDS.at(-1)} | held at 3 s, seeds ${EXTRA[0] ?? '—'}–${EXTRA.at(-1) ?? '—'} | at the offered lead, all seeds | lead with ≥ 99.9 % on every seed | requests / phone / s | $ / show-hour | bytes / phone / s, p95 (median seed) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${kindRows('independent')}
${kindRows('hard')}

In the independent model a state's size costs nothing beyond its second round trip (delays do not depend on bytes, and
the same seeds draw the same delays), so its three kinds that are not inlined give the same figures. In the hard model
bytes take airtime on a shared medium (a 15 KB state is 11 packets to every phone, and a hedge copies them).

### Misses at each lead, hard model (per seed, all seeds)

| kind | ${LEADS.map((l) => `${l / 1000} s`).join(' | ')} |
| --- | ${LEADS.map(() => '---').join(' | ')} |
${missesAtLeads('hard')}

### Misses at each lead, independent model

| kind | ${LEADS.map((l) => `${l / 1000} s`).join(' | ')} |
| --- | ${LEADS.map(() => '---').join(' | ')} |
${missesAtLeads('independent')}

![delivery](crowd-delivery.svg)

## The lead the console offers

Written to \`testdata/lead.json\` (and \`control-api/src/main/resources/operator/lead-table.js\`, which \`lead.js\` reads):
the smallest lead of the grid at which the worst of ${[...SEEDS, ...EXTRA].length} seeds of the hard model held ≥ 99.9 %.${leadTable.placeholder ? ' **Placeholder: this run was too small to be evidence.**' : ''}

| kind | inlined | state bytes (wire) | lead offered | worst seed at ${LEADS.map((l) => `${l / 1000} s`).join(' / ')} |
| --- | --- | --- | --- | --- |
${lt.map((r) => `| ${r.kind} | ${r.inlined ? 'yes' : 'no'} | ${r.bytes.toLocaleString('en')} (${r.wire_bytes.toLocaleString('en')}) | ${r.lead_ms === null ? `**none ≤ ${LEADS.at(-1) / 1000} s**` : `${r.lead_ms / 1000} s`} | ${LEADS.map((l) => pctf(r.worst_share[String(l)])).join(' / ')} |`).join('\n')}

## Joining, the jumbotron spike and backgrounded tabs (hard model, inline cues, seed 1)

| cohort | phones | first state after opening the app p50 / p95 / p99 | quality-gated clock p50 / p95 / p99 |
| --- | --- | --- | --- |
${['early', 'late', 'spike'].map(cohortLine).join('\n')}

Cues published within 15 s after the spike began: held on ${pctf(hardSolid.spikeCues.held / hardSolid.spikeCues.pairs)} of ${hardSolid.spikeCues.pairs.toLocaleString('en')} phone × cue pairs (${hardSolid.spikeCues.cues} cues, all leads).
Phones still opening the app when GO was pressed (not counted above) held it at 3 s on
${(() => { const j = at(hardSolid, GOAL_LEAD).joining; return `${j.held} of ${j.pairs}`; })()}. Held at 3 s by cohort: ${['early', 'late', 'spike'].map((c) => { const x = at(hardSolid, GOAL_LEAD).cohorts[c]; return `${c} ${pctf(x.held / x.pairs)} (${x.pairs})`; }).join(', ')}.
Media (seed 1): ${hardSolid.media ? `${hardSolid.media.wifi} Wi-Fi domains, ${hardSolid.media.lte} LTE cells` : ''}; our share of the busiest medium each second p50 / p95 / max
${f1(hardSolid.mediaLoad.oursP50 * 100)} / ${f1(hardSolid.mediaLoad.oursP95 * 100)} / ${f1(hardSolid.mediaLoad.oursMax * 100)} %; offered load above capacity on some medium in ${hardSolid.mediaLoad.overloadedSeconds} s of the show (at most ${pctf(hardSolid.mediaLoad.overloadedShareMax)} of media at once).

![time to sync](crowd-time-to-sync.svg)

## Switch error (phones that held the cue in time, inline cues, seed 1)

| run | switches | \\|switch − effective_at\\| raw p50 / p95 / p99 (ms) | beyond the asymmetry floor p50 / p95 / p99 (ms) |
| --- | --- | --- | --- |
| independent | ${indSolid.switchRaw.n.toLocaleString('en')} | ${f1(indSolid.switchRaw.p50)} / ${f1(indSolid.switchRaw.p95)} / ${f1(indSolid.switchRaw.p99)} | ${f1(indSolid.switchBeyond.p50)} / ${f1(indSolid.switchBeyond.p95)} / ${f1(indSolid.switchBeyond.p99)} |
| hard | ${hardSolid.switchRaw.n.toLocaleString('en')} | ${f1(hardSolid.switchRaw.p50)} / ${f1(hardSolid.switchRaw.p95)} / ${f1(hardSolid.switchRaw.p99)} | ${f1(hardSolid.switchBeyond.p50)} / ${f1(hardSolid.switchBeyond.p95)} / ${f1(hardSolid.switchBeyond.p99)} |
| independent, symmetric paths (floor 0) | ${symmetric.switchRaw.n.toLocaleString('en')} | ${f1(symmetric.switchRaw.p50)} / ${f1(symmetric.switchRaw.p95)} / ${f1(symmetric.switchRaw.p99)} | ${f1(symmetric.switchBeyond.p50)} / ${f1(symmetric.switchBeyond.p95)} / ${f1(symmetric.switchBeyond.p99)} |

**Raw is what a spectator sees**: the phones of a stadium switch within the raw figure of each other's instant. The floor
is (down − up)/2 of each phone's base path: no request/reply estimator can see it, so "beyond the floor" is what the
clock could still improve, not the crowd's error. Landing on the nearest 60 Hz frame adds up to ±8.3 ms by itself.

![switch error](crowd-switch-error.svg)

## ${BIG_DEVICES ? BIG_DEVICES.toLocaleString('en') : '100,000'} phones

${bigRuns.length === 0 ? 'Not run (CROWD_BIG=0).' : `The hard model, inline cues, one seed, in a process of its own (\`sim/big.js\`), split into ${bigOk[0]?.shards ?? '?'} shards run on worker threads
(phones interact only through their edge cache and their access point or cell, so each shard has its own, at the same
density, and the shards merge into one crowd before the analysis), beside the same scenario at 1,000 phones: ${BIG.leadsMs.length * BIG.cuesPerLead} cues
(${BIG.cuesPerLead} at each lead of ${BIG.leadsMs.map((l) => l / 1000).join(', ')} s), show mode from ${BIG.showFromMs / 1000} s, spike at ${BIG.arrivals.spikeAtMs / 1000} s, ${BIG.endMs / 1000} s simulated; one edge cache per 125 phones.

| phones | wall time (CPU) | peak RSS | events | held before effective_at (misses of pairs) | switch raw p50 / p95 / p99 ms | beyond the floor p50 / p95 / p99 ms | requests / phone / s ($ / 50,000-phone show-hour) |
| --- | --- | --- | --- | --- | --- | --- | --- |
${bigRuns.map(bigLine).join('\n')}

Goal: one seed of 100,000 phones in ≤ 15 min on this 2-core machine with bounded memory: ${(() => {
  const b = bigOk.find((x) => x.devices >= 100_000);
  if (!b) return `**not measured** (largest run: ${Math.max(0, ...bigOk.map((x) => x.devices)).toLocaleString('en')} phones)`;
  return `**${b.wallMs <= 15 * 60_000 ? 'met' : 'missed'}** (${(b.wallMs / 60000).toFixed(1)} min of wall time, ${(b.cpuMs / 60000).toFixed(1)} min of CPU, ${(b.maxRssBytes / 2 ** 30).toFixed(2)} GiB peak RSS)`;
})()}.`}

## Traffic and cost (inline cues, seed 1)

| | independent idle / show | hard idle / show |
| --- | --- | --- |
| bytes per phone per second, mean / p95 (both directions) | ${f1(indSolid.bytes.idleMean)} / ${f1(indSolid.bytes.idleP95)} ; ${f1(indSolid.bytes.showMean)} / ${f1(indSolid.bytes.showP95)} | ${f1(hardSolid.bytes.idleMean)} / ${f1(hardSolid.bytes.idleP95)} ; ${f1(hardSolid.bytes.showMean)} / ${f1(hardSolid.bytes.showP95)} |
| CDN requests per phone per second | ${indSolid.requestsPerPhone.idle.toFixed(3)} / ${indSolid.requestsPerPhone.show.toFixed(3)} | ${hardSolid.requestsPerPhone.idle.toFixed(3)} / ${hardSolid.requestsPerPhone.show.toFixed(3)} |
| $ per ${SPECTATORS.toLocaleString('en')}-phone hour | ${costHour(indSolid.requestsPerPhone.idle).toFixed(0)} / ${costHour(indSolid.requestsPerPhone.show).toFixed(0)} | ${costHour(hardSolid.requestsPerPhone.idle).toFixed(0)} / ${costHour(hardSolid.requestsPerPhone.show).toFixed(0)} |
| origin requests per second | ${f1(indSolid.rates.originIdle)} / ${f1(indSolid.rates.originShow)} | ${f1(hardSolid.rates.originIdle)} / ${f1(hardSolid.rates.originShow)} |

The hard model's idle column includes phones opening the app (sync bursts) and its show column the late joiners and the spike.
Bytes count what travels: a body of 1,000 B or more gzip-compressed, as CloudFront sends it.

**Flash governor** (\`pwa/lib/flash.js\`): it held back ${indSolid.flashHeld} (independent) and ${hardSolid.flashHeld} (hard) colour changes over the show (seed 1; 0 expected).

Raw figures: \`bench/raw/crowd.json\`${bigRuns.length ? ', `bench/raw/crowd-big-*.json`' : ''}.
`;
writeFileSync(join(BENCH, 'crowd.md'), md);
console.log(md);
