// Sync benchmark (not a test): PWA pages in real Chromium against the real local stack, each with its own clock skew,
// drift and /time + pointer delays (random per request); 10 cues with a 3 s lead; reports how far from effective_at
// each page's colour changed, as seen by an observer the app does not write to, raw and beyond the asymmetry floor,
// and splits each error into what the clock got wrong and what landing on a frame added. Runs: symmetric (baseline),
// asymmetric, asymmetric with the CPU throttled 4×, DevTools network emulation, and network emulation with the CPU
// throttled 4×; each repeated (BENCH_REPEATS, default 5) for min / median / max, the load average taken before and
// after each run. BENCH_RUNS=cpu,network (case-insensitive substrings of run names) runs only those. Writes bench/sync.md.
// BENCH_ENGINES=chromium,firefox,webkit adds one row per engine (runs named "engine: <name>", tests/browser/engines-bench.js)
// and a battery proxy per engine (CPU per minute of show, solid and strobe, BENCH_CPU_SECONDS each, default 60; 0 skips
// it); BENCH_ENGINE_PAGES pages per engine (default 2). `scripts/bench engines` runs only those, into bench/engines.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { startStack, ROOT } from './stack.js';
import { openSkewedPage, pageClockBias, waitReady, publish, collectSwitches, sleep } from './pwa-harness.js';
import { enginesToRun, runEngineSync, runEngineCpu, engineSection } from './engines-bench.js';

const PAGES = Number(process.env.BENCH_PAGES ?? 8);
// DevTools CPU throttling on Linux makes the renderer's main thread busy-wait 3 of every 4 ms (a signal handler
// spins: blink ThreadCPUThrottler), so each 4×-throttled page burns ~0.75 of a real core even when idle: 8 of them
// would need 6 cores on this 2-core machine and measure starvation, not a slow phone. Throttled runs use fewer pages.
const CPU_PAGES = Number(process.env.BENCH_CPU_PAGES ?? 2);
const CUES = 10;
const LEAD_MS = 3000;
const COLORS = ['#FF0000', '#00FF00', '#0000FF', '#FFFF00', '#FF00FF'];
const SKEWS = [4000, -3000, 1500, -5000, 250, 4800, -1200, 2600];
const DRIFTS = [80, -50, 0, 100, -100, 30, -80, 60];
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const JITTER_MS = 20;
const FRAME_MS = 1000 / 60;
const ASYM = (i) => ({ upMs: [10, 40, 5, 80, 25, 0, 60, 15][i], downMs: [10, 5, 40, 80, 60, 0, 20, 45][i], jitterMs: JITTER_MS });
// Emulated 3G-like link, the same for every page. DevTools applies it inside the browser, where page.route delays do
// not reach, so nothing is routed. Chromium holds each response until `latency` after its request was sent
// (services/network/throttling): the whole latency is on the downlink, so the floor is latency / 2, which the
// measured one-way delays in the report confirm.
const NETWORK = { latency: 100, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const NET = () => ({ upMs: 0, downMs: NETWORK.latency, jitterMs: 0, network: NETWORK });
const NET_NAME = `network emulated (${NETWORK.latency} ms, ${NETWORK.downloadThroughput * 8 / 1e6} Mb/s down, ${NETWORK.uploadThroughput * 8 / 1e3} kb/s up)`;
const RUNS = {
  'symmetric (baseline)': { pages: PAGES, profile: (i) => ({ upMs: [0, 10, 25, 40, 60, 80, 15, 5][i], downMs: [0, 10, 25, 40, 60, 80, 15, 5][i], jitterMs: JITTER_MS }) },
  asymmetric: { pages: PAGES, profile: ASYM },
  'asymmetric, CPU throttled 4×': { pages: CPU_PAGES, profile: (i) => ({ ...ASYM(i), cpuThrottle: 4 }) },
  [NET_NAME]: { pages: PAGES, profile: NET },
  [`${NET_NAME} + CPU throttled 4×`]: { pages: CPU_PAGES, profile: (i) => ({ ...NET(i), cpuThrottle: 4 }) },
};

const ENGINE_LIST = (process.env.BENCH_ENGINES ?? '').toLowerCase().split(',').map((w) => w.trim()).filter(Boolean);
const ENGINES = enginesToRun(ENGINE_LIST);
const ENGINE_PAGES = Number(process.env.BENCH_ENGINE_PAGES ?? 2);
const CPU_SECONDS = Number(process.env.BENCH_CPU_SECONDS ?? 60);
for (const e of ENGINES.run) RUNS[`engine: ${e}`] = { engine: e, pages: ENGINE_PAGES };
for (const s of ENGINES.skipped) console.log(`sync: engine ${s.engine} skipped: ${s.why}`);

const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1))];
};
const uptime = () => { try { return execFileSync('uptime', { encoding: 'utf8' }).trim(); } catch { return `load average ${loadavg().map((x) => x.toFixed(2)).join(', ')}`; } };
const load1 = () => loadavg()[0];

/** What each page saw, read from the observer's logs: /time round trips, frames, the app's own render claims. */
async function pageLogs(p) {
  return p.page.evaluate(() => ({
    samples: window.__timeSamples,
    frames: window.__frames,
    renders: window.__renders,
    resources: performance.getEntriesByType('resource').map((e) => ({
      name: e.name.replace(/^https?:\/\/[^/]+/, ''), start: window.__realOrigin + e.startTime, end: window.__realOrigin + e.responseEnd,
      bytes: e.transferSize || e.encodedBodySize || 0 })),
  }));
}

/**
 * Splits each switch error (observer, true clock) into the clock's part and the landing part:
 * clockBehind = true offset − the offset the app used for that frame (ms its server clock is behind: it switches that
 * much late); landing = error − clockBehind (how far from effective_at the frame was on the app's own clock: frame
 * quantisation, a late timer, dropped frames). Also the frame gap just before the switch and when the scheduler's
 * timer woke it (the first frame it asked for in the chain that ends on the switch).
 */
function diagnose(p, logs, row) {
  const d = (p.profile.driftPpm ?? 0) / 1e6;
  const out = { clockBehind: null, landing: null, gapBefore: null, wakeLead: null };
  if (row.switchAt === null) return out;
  const frameTrue = (row.frameAt ?? row.switchAt) + p.bias; // the frame whose callback made the change, true clock
  const render = logs.renders.find((r) => Math.abs(r.at - frameTrue) < 0.5 && r.offset !== null);
  if (render) {
    const trueOffset = -p.bias - p.profile.skewMs - render.realNow * d;
    out.clockBehind = trueOffset - render.offset;
    out.landing = row.error - out.clockBehind;
  }
  const i = logs.frames.findIndex(([, at]) => Math.abs(at - frameTrue) < 0.5);
  if (i > 0) {
    out.gapBefore = frameTrue - logs.frames[i - 1][1];
    let k = i;
    while (k > 0 && logs.frames[k][0] - logs.frames[k - 1][0] < 150) k -= 1; // one chain: asked again within 150 ms
    out.wakeLead = row.effectiveAt + p.bias - logs.frames[k][0];
  }
  return out;
}

/** One-way delays of every /time round trip (ms), and whether another download shared the link meanwhile. */
function timeDelays(p, logs) {
  return logs.samples.map((s) => {
    const up = s.t - (s.t0 - p.bias);
    const down = s.t1 - p.bias - s.t;
    const shared = logs.resources.some((r) => !/\/time(\?|$)/.test(r.name) && r.start < s.t1 && r.end > s.t0);
    return { t: s.t, up, down, asym: (down - up) / 2, shared };
  });
}

/** The bias as this benchmark measured it before: the quickest of 15 evaluate round trips against this process's
 * clock. Kept only to show how far it strays from the in-page measurement on a loaded machine. */
async function roundTripBias(page) {
  let best = null;
  for (let i = 0; i < 15; i++) {
    const t0 = performance.timeOrigin + performance.now();
    const v = await page.evaluate(() => window.__trueNow());
    const t1 = performance.timeOrigin + performance.now();
    if (!best || t1 - t0 < best.rtt) best = { rtt: t1 - t0, bias: v - (t0 + t1) / 2 };
  }
  return best;
}

async function run(name, { pages: count, profile }) {
  const stack = await startStack({ extraArgs: ['--pwa-dir', join(ROOT, 'pwa')] });
  const pages = [];
  try {
    await publish(stack, { mode: 'solid', color: '#202020', lead_ms: 0 });
    for (let i = 0; i < count; i++) {
      pages.push(await openSkewedPage(`${stack.url}/?seat=${i}&debug=1`,
        { skewMs: SKEWS[i], driftPpm: DRIFTS[i], ...profile(i), pointerDelayMs: 40 * i }));
    }
    for (const p of pages) {
      await waitReady(p.page, 60_000);
      ({ bias: p.bias, width: p.biasWidth } = await pageClockBias(p.page));
      p.oldBias = await roundTripBias(p.page);
    }
    await sleep(3000); // let the freshly started browsers settle (service worker install, first paints)
    const cues = [];
    for (let c = 0; c < CUES; c++) {
      const color = COLORS[c % COLORS.length];
      cues.push({ color, effective_at: (await publish(stack, { mode: 'solid', color, lead_ms: LEAD_MS })).effective_at });
      await sleep(1500);
    }
    await sleep(cues.at(-1).effective_at - Date.now() + 1000);
    const rows = await collectSwitches(pages, cues);
    const delays = [];
    const failed = pages.reduce((n, p) => n + p.counts.failed, 0);
    for (const [pi, p] of pages.entries()) {
      const logs = await pageLogs(p);
      delays.push(...timeDelays(p, logs).map((x) => ({ page: pi, ...x })));
      for (const r of rows.filter((x) => x.page === pi)) Object.assign(r, diagnose(p, logs, r));
    }
    return { rows: rows.map((r) => ({ run: name, ...r, profile: pages[r.page].profile })), delays, failed,
      biasGaps: pages.map((p) => Math.abs(p.oldBias.bias - p.bias)) };
  } finally {
    for (const p of pages) await p.close();
    await stack.stop();
  }
}

function summarize({ rows, delays, failed, biasGaps }) {
  const hit = rows.filter((r) => r.error !== null);
  const abs = (xs) => xs.map(Math.abs);
  const beyond = hit.map((r) => r.error - r.floor);
  const spreads = [...new Set(hit.map((r) => r.cue))].map((c) => {
    const at = hit.filter((r) => r.cue === c).map((r) => r.switchAt - r.floor);
    return Math.max(...at) - Math.min(...at);
  });
  const split = hit.filter((r) => r.clockBehind !== null);
  const gaps = hit.filter((r) => r.gapBefore !== null);
  const wakes = hit.filter((r) => r.wakeLead !== null);
  const clean = delays.filter((x) => !x.shared);
  return {
    seen: hit.length, total: rows.length, failed, biasGap: Math.max(...biasGaps),
    p50raw: pct(abs(hit.map((r) => r.error)), 50), p95raw: pct(abs(hit.map((r) => r.error)), 95), p99raw: pct(abs(hit.map((r) => r.error)), 99),
    p50: pct(abs(beyond), 50), p95: pct(abs(beyond), 95), p99: pct(abs(beyond), 99), max: Math.max(...abs(beyond)),
    spread: Math.max(...spreads),
    clock95: pct(abs(split.map((r) => r.clockBehind - r.floor)), 95),
    landing95: pct(abs(split.map((r) => r.landing)), 95),
    landingLate: split.filter((r) => r.landing > FRAME_MS).length,
    dropped: gaps.filter((r) => r.gapBefore > 1.5 * FRAME_MS).length,
    lagged: hit.filter((r) => r.frameAt !== null && r.switchAt - r.frameAt > 0.5).length,
    gap95: pct(gaps.map((r) => r.gapBefore), 95),
    wakeMin: wakes.length ? Math.min(...wakes.map((r) => r.wakeLead)) : NaN,
    samples: delays.length,
    shared: delays.filter((x) => x.shared).length,
    minUp: pct(perPage(delays, (xs) => Math.min(...xs.map((x) => x.up))), 50),
    minDown: pct(perPage(delays, (xs) => Math.min(...xs.map((x) => x.down))), 50),
    asymSpread95: pct(abs(delays.map((x) => x.asym - pct(delays.filter((y) => y.page === x.page).map((y) => y.asym), 0))), 95),
    downShared50: pct(delays.filter((x) => x.shared).map((x) => x.down), 50),
    downClean50: pct(clean.map((x) => x.down), 50),
    // Network emulation only: requests whose downlink came out shorter than the emulated latency, because the
    // browser counts the latency from before the request left (a wait to send ate into it): per-request asymmetry
    // that a real link does not have.
    shortDown: delays.filter((x) => x.down < NETWORK.latency - 5).length,
  };
}
const perPage = (delays, f) => [...new Set(delays.map((x) => x.page))].map((pg) => f(delays.filter((x) => x.page === pg)));

const selected = (process.env.BENCH_RUNS ?? '').toLowerCase().split(',').map((w) => w.trim()).filter(Boolean);
const chosen = Object.keys(RUNS).filter((n) => selected.length === 0 || selected.some((w) => n.toLowerCase().includes(w)));
if (chosen.length === 0 && ENGINES.run.length === 0) throw new Error(`BENCH_RUNS=${process.env.BENCH_RUNS} matches none of: ${Object.keys(RUNS).join('; ')}`);
// The route-delayed Chromium runs (the sync figures proper) and the engine rows; with only engine rows the report is
// bench/engines.md and bench/sync.md is left as it was.
const names = chosen.filter((n) => !RUNS[n].engine);
const engineNames = chosen.filter((n) => RUNS[n].engine);
const REPORT = names.length === 0 ? 'engines' : 'sync';
const allNames = [...names, ...engineNames];

const wall0 = Date.now();
const all = [];
const delaysRaw = [];
const perRun = {};
const loads = {};
for (const name of allNames) {
  perRun[name] = [];
  loads[name] = { before: uptime(), l0: load1() };
  for (let k = 0; k < REPEATS; k++) {
    const res = RUNS[name].engine
      ? await runEngineSync(RUNS[name].engine, { pages: RUNS[name].pages, cues: CUES, leadMs: LEAD_MS, colors: COLORS })
      : await run(name, RUNS[name]);
    if (res.version) RUNS[name].version = res.version;
    all.push(...res.rows.map((r) => ({ ...r, repeat: k })));
    delaysRaw.push(...res.delays.map((x) => ({ run: name, repeat: k, ...x })));
    perRun[name].push(summarize(res));
    const s = perRun[name].at(-1);
    console.log(`sync: ${name} #${k + 1}: p95 beyond ${s.p95.toFixed(1)} ms (clock ${s.clock95.toFixed(1)}, landing ${s.landing95.toFixed(1)}), dropped ${s.dropped}, load ${load1().toFixed(1)}`);
  }
  loads[name].after = uptime();
  loads[name].l1 = load1();
}
// Battery proxy per engine, after the sync rows (one page at a time, nothing else of this bench running).
const cpu = [];
if (engineNames.length > 0 && CPU_SECONDS > 0) {
  for (const name of engineNames) {
    for (let k = 0; k < REPEATS; k++) {
      const rows = await runEngineCpu(RUNS[name].engine, { seconds: CPU_SECONDS });
      cpu.push(...rows.map((r) => ({ ...r, repeat: k })));
      for (const r of rows) console.log(`sync: ${name} ${r.mode}: main thread ${r.mainPerMin.toFixed(2)} s/min, whole browser ${r.browserPerMin.toFixed(2)} s/min${r.taskPerMin === null ? '' : `, DevTools task ${r.taskPerMin.toFixed(2)} s/min`}`);
    }
  }
}
mkdirSync(join(ROOT, 'bench', 'raw'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'raw', `${REPORT}.json`), JSON.stringify(all, null, 1));
if (REPORT === 'sync') writeFileSync(join(ROOT, 'bench', 'raw', 'sync-time-samples.json'), JSON.stringify(delaysRaw));
if (cpu.length) writeFileSync(join(ROOT, 'bench', 'raw', `${REPORT}-cpu.json`), JSON.stringify(cpu, null, 1));

// Every invocation of the whole benchmark is kept (bench/raw/sync-history.json; delete it to start afresh), so the
// report shows the bench repeated at different machine loads, not one lucky run.
const historyFile = join(ROOT, 'bench', 'raw', `${REPORT}-history.json`);
const history = existsSync(historyFile) ? JSON.parse(readFileSync(historyFile, 'utf8')) : [];
let commit = '';
try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(); } catch { /* not a checkout */ }
history.push({ at: new Date().toISOString(), commit, repeats: REPEATS, runs: Object.fromEntries(allNames.map((n) => [n, {
  pages: RUNS[n].pages, load: [loads[n].l0, loads[n].l1], p95: perRun[n].map((x) => x.p95), clock95: perRun[n].map((x) => x.clock95),
  landing95: perRun[n].map((x) => x.landing95) }])) });
writeFileSync(historyFile, JSON.stringify(history, null, 1));

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const mmmOf = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? `${f1(v[0])} / ${f1(v[(v.length - 1) >> 1])} / ${f1(v[v.length - 1])}` : '—';
};
const mmm = (name, key) => {
  const v = perRun[name].map((x) => x[key]).filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? `${f1(v[0])} / ${f1(v[(v.length - 1) >> 1])} / ${f1(v[v.length - 1])}` : '—';
};
const worst = (name, key) => Math.max(...perRun[name].map((x) => x[key]));
const sum = (name, key) => perRun[name].reduce((n, x) => n + x[key], 0);
const earlyPages = (name) => {
  const by = new Map();
  for (const r of all.filter((x) => x.run === name && x.clockBehind !== null)) {
    const k = `${r.repeat}/${r.page}`;
    by.set(k, [...(by.get(k) ?? []), r.clockBehind - r.floor]);
  }
  const meds = [...by.values()].map((v) => [...v].sort((a, b) => a - b)[v.length >> 1]);
  return `${meds.filter((m) => m < -5).length} of ${meds.length} page-repeats early, ${meds.filter((m) => m > 5).length} late`;
};
const verdict = (name) => (worst(name, 'p95') <= 17 ? 'met' : '**MISSED**');
const RESULTS_HEAD = `| run | pages | load average before → after (1 min) | switches seen | \\|switch − effective_at\\| raw p50; p95; p99 (ms) | beyond the floor p50; p95; p99 (ms) | target p95 ≤ 17 ms | max spread across pages (ms) |
| --- | --- | --- | --- | --- | --- | --- | --- |`;
const resultRow = (n) => `| ${n} | ${RUNS[n].pages} | ${loads[n].l0.toFixed(1)} → ${loads[n].l1.toFixed(1)} | ${sum(n, 'seen')}/${sum(n, 'total')} | ${mmm(n, 'p50raw')}; ${mmm(n, 'p95raw')}; ${mmm(n, 'p99raw')} | ${mmm(n, 'p50')}; ${mmm(n, 'p95')}; ${mmm(n, 'p99')} | ${verdict(n)} (worst ${f1(worst(n, 'p95'))}) | ${mmm(n, 'spread')} |`;
const engineMd = () => engineSection({ engines: engineNames.map((n) => RUNS[n].engine), skipped: ENGINES.skipped, seconds: CPU_SECONDS, cpu,
  versions: engineNames.map((n) => ({ engine: RUNS[n].engine, version: RUNS[n].version ?? '?' })) });

const md = `# Sync benchmark: real Chromium pages switching together

\`scripts/bench sync\` (${new Date().toISOString()}, ${((Date.now() - wall0) / 60000).toFixed(0)} min). PWA pages, each in its own
headless Chromium (a phone is always the front tab), against the real local stack (\`startStack()\`, PWA served with
\`--pwa-dir\`). Each page has an injected clock skew (${SKEWS.join(', ')} ms; \`Date\` and \`performance.timeOrigin\` overridden
before page scripts) with drift (${DRIFTS.join(', ')} ppm). Route-delayed runs delay \`/time\` (uplink before the server stamps
its time, downlink after) and the pointer (0–280 ms), plus a random 0–${JITTER_MS} ms per request and direction.
${CUES} solid cues of distinct colours, ${LEAD_MS / 1000} s lead, 1.5 s apart, via \`POST /api/cues\`.
**The switch instant is seen from outside the app**: an observer installed before any page script watches the screen
element's computed colour (a MutationObserver the app does not know of) and stamps each change with the animation
frame it went out in (\`document.timeline.currentTime\`), on the page's true clock, corrected by that clock's measured
bias against the OS clock the server uses. Each run is repeated ${REPEATS} times, a fresh server and fresh browsers
each time: every figure is **min / median / max over the repeats** (each repeat: the percentile over its pages × cues).

*Floor*: a page whose /time downlink and uplink differ is off by (down − up)/2 whatever it does; "beyond the floor"
subtracts it. The symmetric run's floor is zero. Under DevTools network emulation Chromium holds each response until
\`latency\` after the request went out, so the floor is ${NETWORK.latency / 2} ms on every page (the measured minimum one-way
delays below confirm it).

## Results

Target (issue 13): **p95 of |switch − effective_at| beyond the floor ≤ 17 ms** (one frame at 60 Hz) in every run,
including with the CPU throttled and the network emulated; judged on the worst repeat.

${RESULTS_HEAD}
${allNames.map(resultRow).join('\n')}

## The whole benchmark, repeated

Each invocation of \`scripts/bench sync\` kept in \`bench/raw/sync-history.json\` (this report is the last one): p95 beyond
the floor, min / median / max over that invocation's repeats, and the 1-minute load average at the start → end of the run.

| when (UTC) | commit | ${names.join(' | ')} |
| --- | --- | ${names.map(() => '---').join(' | ')} |
${history.map((h) => `| ${h.at.slice(0, 16).replace('T', ' ')} | ${h.commit} | ${names.map((n) => (h.runs[n] ? `${mmmOf(h.runs[n].p95)} (${h.runs[n].pages} pages, load ${h.runs[n].load.map((x) => x.toFixed(1)).join(' → ')})` : '—')).join(' | ')} |`).join('\n')}

## Where the error comes from

Each switch error (beyond the floor) = what the page's clock got wrong + how far from effective_at the frame landed on
the page's own clock. *Clock*: the true server − local offset minus the offset the app used for that frame (from the
app's render event), beyond the floor. *Landing*: the rest (frame quantisation ±8.3 ms, a timer that woke late, frames
dropped). *Gap before*: time from the previous frame the app was given to the switch frame (> 25 ms: frames were
dropped right before the switch). *Made > 1 frame after*: the frame callback that made the change ran more than a
frame after its frame began (a blocked main thread); the observer then stamps the change when it was made. *Wake
lead*: how long before effective_at the scheduler's timer woke it (it aims at 300 ms, more once it has seen its
timers fire late; ≤ 0 is a wake-up after the change was due).

| run | clock error beyond the floor, p95 (ms) | landing error p95 (ms) | switches landing > 1 frame late (of all) | switches with frames dropped just before | switches made > 1 frame after their frame began | gap before the switch frame p95 (ms) | smallest wake lead (ms) |
| --- | --- | --- | --- | --- | --- | --- | --- |
${names.map((n) => `| ${n} | ${mmm(n, 'clock95')} | ${mmm(n, 'landing95')} | ${sum(n, 'landingLate')}/${sum(n, 'seen')} | ${sum(n, 'dropped')}/${sum(n, 'seen')} | ${sum(n, 'lagged')}/${sum(n, 'seen')} | ${mmm(n, 'gap95')} | ${mmm(n, 'wakeMin')} |`).join('\n')}

/time round trips as the page's own fetch saw them (observer wraps \`fetch\`; one-way delays from the server's stamp
and the page's true clock): per page minimum uplink / downlink (median over pages), how much a request's
(down − up)/2 strays from the page's best, and the median downlink of requests that shared the link with another
download (pointer, state, app files) against those that did not.

| run | /time samples (shared with another download) | min uplink; min downlink (ms) | (down − up)/2 above the page's best, p95 (ms) | downlink median, shared vs alone (ms) | downlink shorter than the emulated latency | route failures (lost packets) | old round-trip page-clock bias off by, worst page (ms) |
| --- | --- | --- | --- | --- | --- | --- | --- |
${names.map((n) => `| ${n} | ${sum(n, 'samples')} (${sum(n, 'shared')}) | ${mmm(n, 'minUp')}; ${mmm(n, 'minDown')} | ${mmm(n, 'asymSpread95')} | ${mmm(n, 'downShared50')} vs ${mmm(n, 'downClean50')} | ${n.startsWith('network') ? sum(n, 'shortDown') : '—'} | ${sum(n, 'failed')} | ${mmm(n, 'biasGap')} |`).join('\n')}

## Diagnosis

- **Landing (frames), not the clock, is what misses on a loaded machine.** Where a run misses, the clock part stays
  small on route-delayed runs (table above) and the landing part grows: frames dropped right before the switch and
  frame callbacks run more than a frame late. With 8 browsers plus the server on 2 shared cores each page's main
  thread waits for a core; with DevTools CPU throttling each throttled renderer also busy-waits 3 ms of every 4
  (Linux: blink \`ThreadCPUThrottler\` signals the main thread every 200 µs and its handler spins), so at a load
  average above ~10 the throttled page runs far slower than 4×. The scheduler's timers were not the cause: the
  smallest wake lead stayed positive in every repeat (${names.map((n) => `${f1(Math.min(...perRun[n].map((x) => x.wakeMin)))} ms`).join(', ')} by run).
- **Network emulation gives each request its own asymmetry.** Chromium counts the emulated latency from before the
  request leaves, so a request that waited to be sent (6 HTTP/1.1 connections shared by the /time burst, the pointer
  and the state) reaches the server late and gets a correspondingly *shorter* downlink: ${names.filter((n) => n.startsWith('network')).map((n) => `${sum(n, 'shortDown')} of ${sum(n, 'samples')}`).join(' and ')} /time replies came back
  quicker than the emulated ${NETWORK.latency} ms. Such a reply is still a valid bound, so the clock's interval intersection
  uses it, and that page ends up *closer to the truth* than the nominal ${NETWORK.latency / 2} ms floor; measured against the
  nominal floor it shows as an early error (network run, pages with the clock error beyond the floor below −5 ms:
  ${names.filter((n) => n.startsWith('network')).map((n) => `${earlyPages(n)}`).join(' and ')}). A real link does not shorten a
  downlink because the uplink queued, so this spread is the emulator's, not the app's. Replies that shared the link
  with another download were not slower (median downlink shared vs alone, table above): the files here are small,
  and a late reply only widens its interval, it never moves the intersection.

## Machine

${cpus().length} cores shared with three other developers' builds and tests. \`uptime\` before and after each run:
${names.map((n) => `- ${n}: before \`${loads[n].before}\`; after \`${loads[n].after}\``).join('\n')}

The browsers share the cores with the server and with each other. DevTools CPU throttling on Linux makes the
throttled renderer's main thread busy-wait three quarters of the time (a signal handler spins), so each 4×-throttled
page costs about 0.75 of a real core even while idle; the throttled runs therefore use ${CPU_PAGES} pages (8 would ask
for 6 cores and measure starvation on top of the 4×). Raw rows: \`bench/raw/sync.json\`.
${engineNames.length ? `\n${engineMd()}` : ''}`;

// Engine rows alone (scripts/bench engines): their own report, bench/sync.md untouched.
const engineOnlyMd = () => `# Engines benchmark: the same cues in Chromium, Firefox ESR and WebKitGTK

\`scripts/bench engines\` (${new Date().toISOString()}, ${((Date.now() - wall0) / 60000).toFixed(0)} min, ${REPEATS} repeat${REPEATS === 1 ? '' : 's'}): ${CUES} solid cues of
distinct colours, ${LEAD_MS / 1000} s lead, 1.5 s apart, via \`POST /api/cues\`, watched from outside the app by an observer the app
does not know of; a fresh server and fresh browsers each repeat. Figures are min / median / max over the repeats
(each repeat: the percentile over its pages × cues). The route-delayed, skewed Chromium runs are \`scripts/bench sync\`
(bench/sync.md).

## Results

Target (issue 13, as for Chromium): p95 of |switch − effective_at| ≤ 17 ms (one frame at 60 Hz). Floor 0: loopback.

${RESULTS_HEAD}
${engineNames.map(resultRow).join('\n')}

| run | clock error p95 (ms) | landing error p95 (ms) | switches landing > 1 frame late (of all) | switches made > 1 frame after their frame began |
| --- | --- | --- | --- | --- |
${engineNames.map((n) => `| ${n} | ${mmm(n, 'clock95')} | ${mmm(n, 'landing95')} | ${sum(n, 'landingLate')}/${sum(n, 'seen')} | ${sum(n, 'lagged')}/${sum(n, 'seen')} |`).join('\n')}

${engineMd()}
## Machine

${cpus().length} cores shared with other developers' builds and tests. \`uptime\` before and after each run:
${engineNames.map((n) => `- ${n}: before \`${loads[n].before}\`; after \`${loads[n].after}\``).join('\n')}

Raw rows: \`bench/raw/engines.json\`, \`bench/raw/engines-cpu.json\`; every invocation: \`bench/raw/engines-history.json\`.
`;
const report = REPORT === 'sync' ? md : engineOnlyMd();
writeFileSync(join(ROOT, 'bench', `${REPORT}.md`), report);
console.log(report);
