// Coverage benchmark (scripts/bench coverage → bench/coverage.md): simulated phones with ids poll through the
// real local nginx edge; the real control API tails the edge's coverage log. Per sampling rate (100 %, 10 %),
// five cues, each followed by a known share of the phones: accuracy of GET /api/coverage against that share,
// and freshness (from the phones' fetches to the figure). Then caching with and without ids side by side
// (pointer HIT share, origin requests/s), the memory figures of the Java bench (bench/raw/coverage-memory.json)
// and the cost of real-time logs per show-hour.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { ROOT, SERVER_JAR } from '../browser/stack.js';
import { rng } from '../../sim/model.js';
import { startCoverageRig } from './coverage-rig.js';
import { startPhones, waitFor } from './phones.js';

const POLL_MS = 1000;
const RUNS = 5;
const SHARES = [0.5, 0.6, 0.7, 0.8, 0.9];
const CROWDS = [{ sampling: 100, phones: Number(process.env.COVERAGE_BENCH_PHONES_FULL ?? 1000) },
  { sampling: 10, phones: Number(process.env.COVERAGE_BENCH_PHONES_SAMPLED ?? 2000) }];
const CACHE_PHONES = 600;
const CACHE_SECONDS = 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor((s.length - 1) / 2)], max: s.at(-1), n: s.length };
};
const fmt = (x, d = 1) => (x === undefined || x === null || Number.isNaN(x) ? '–' : Number(x).toFixed(d));
const mmm = (st, d = 1, unit = '') => `${fmt(st.min, d)} / ${fmt(st.median, d)} / ${fmt(st.max, d)}${unit}`;

// COVERAGE_BENCH_REPORT_ONLY=1 renders bench/coverage.md again from bench/raw/coverage.json without measuring.
const reportOnly = process.env.COVERAGE_BENCH_REPORT_ONLY === '1';
const saved = reportOnly ? JSON.parse(readFileSync(join(ROOT, 'bench', 'raw', 'coverage.json'), 'utf8')) : null;
if (!reportOnly && !existsSync(SERVER_JAR)) throw new Error(`${SERVER_JAR} missing: build it (mvn -q -DskipTests package)`);
const load = saved?.load ?? { before: loadavg(), cores: cpus().length };
const results = saved?.results ?? { crowds: [], caching: null };

for (const crowdSpec of reportOnly ? [] : CROWDS) {
  const rig = await startCoverageRig({ samplingPercent: crowdSpec.sampling });
  const fetches = [];
  const crowd = startPhones({ base: rig.edge.url, count: crowdSpec.phones, pollMs: POLL_MS, random: rng(1414 + crowdSpec.sampling),
    onFetch: (phone, version, at) => fetches.push({ version, at }) });
  const runs = [];
  try {
    let v = await rig.publish('#102040');
    await waitFor(() => crowd.phones.every((p) => p.held === v), { timeoutMs: 30_000, what: 'the crowd on the first cue' });
    for (let run = 0; run < RUNS; run++) {
      const share = SHARES[run];
      const followers = Math.round(share * crowdSpec.phones);
      crowd.phones.forEach((p, i) => { p.follows = i < followers; });
      await sleep(2 * POLL_MS); // the laggards' h= catches up with the previous cue
      const publishedAt = Date.now();
      v = await rig.publish(run % 2 ? '#FF0000' : '#00FF00');
      const series = [];
      let settledAt = null;
      for (;;) {
        const c = await rig.coverage(v);
        series.push({ at: Date.now(), share: c.share, active: c.active, holding: c.holding, as_of: c.as_of });
        const done = fetches.filter((f) => f.version === v).length >= followers;
        if (done && settledAt === null) settledAt = Date.now();
        if (settledAt !== null && Date.now() - settledAt > 2 * POLL_MS + 5000) break;
        if (Date.now() - publishedAt > 40_000) throw new Error(`run ${run}: followers did not all fetch v${v}`);
        await sleep(100);
      }
      const mine = fetches.filter((f) => f.version === v).map((f) => f.at).sort((a, b) => a - b);
      const trueAt = (q) => mine[Math.ceil(q * followers) - 1];
      const figAt = (q) => series.find((s) => s.share !== null && s.share >= q * share)?.at ?? null;
      // Readings once a full window of polls has passed since the last fetch (plus the log's flush): steady state.
      const steady = series.filter((s) => s.at >= settledAt + 2 * POLL_MS + 1000);
      const readings = steady.filter((_, i) => i % 10 === 0); // about one a second
      runs.push({
        run, share, followers, version: v,
        errorsPoints: readings.map((s) => Math.abs(s.share - share) * 100),
        activeErrorsPct: readings.map((s) => Math.abs(s.active - crowdSpec.phones) / crowdSpec.phones * 100),
        lag50: figAt(0.5) === null ? null : (figAt(0.5) - trueAt(0.5)) / 1000,
        lag90: figAt(0.9) === null ? null : (figAt(0.9) - trueAt(0.9)) / 1000,
        publishToAll: (mine.at(-1) - publishedAt) / 1000,
      });
      console.log(`coverage bench: ${crowdSpec.sampling} % run ${run}: ${JSON.stringify(runs.at(-1))}`);
    }
  } finally {
    crowd.close();
    await rig.stop();
  }
  results.crowds.push({ ...crowdSpec, runs });
}

// Caching side by side: the same crowd without and with ids, through one edge in front of the real stack.
if (!reportOnly) {
  const rig = await startCoverageRig({ samplingPercent: 100 });
  const phases = [];
  try {
    await rig.publish('#102040');
    for (const ids of [false, true]) {
      const crowd = startPhones({ base: rig.edge.url, count: CACHE_PHONES, pollMs: POLL_MS, random: rng(99), ids });
      await sleep(2000);
      const from = Date.now() / 1000;
      await sleep(CACHE_SECONDS * 1000);
      const to = Date.now() / 1000;
      crowd.close();
      phases.push({ ids, from, to });
      await sleep(1500);
    }
  } finally {
    await rig.edge.stop(); // flushes the logs
    const access = rig.edge.accessLog().trim().split('\n').map((l) => l.split(' '));
    const origin = rig.edge.originLog().trim().split('\n').map((l) => l.split(' '));
    results.caching = phases.map(({ ids, from, to }) => {
      const inRange = (f) => Number(f[0]) >= from && Number(f[0]) < to;
      const polls = access.filter((f) => inRange(f) && f[2] === '/live/pointer.json');
      const hits = polls.filter((f) => f[4] === 'HIT').length;
      const cached = polls.filter((f) => ['HIT', 'STALE', 'UPDATING', 'REVALIDATED'].includes(f[4])).length;
      const originReqs = origin.filter((f) => inRange(f) && f[2] === '/live/pointer.json').length;
      return { ids, seconds: to - from, pollsPerSecond: polls.length / (to - from), hitShare: hits / polls.length, cachedShare: cached / polls.length,
        originPerSecond: originReqs / (to - from), withQuery: polls.filter((f) => f[7] !== '-').length };
    });
    rig.edge.remove();
    await rig.stack.stop();
  }
}
if (!reportOnly) load.after = loadavg();

// --- cost of real-time logs per show-hour (assumed us-east-1 list prices; see README) ---
const PRICES = { rtLogPerMillionLines: 0.01, kinesisStreamHour: 0.04, kinesisInPerGB: 0.08, kinesisOutPerGB: 0.04 };
const LINE_BYTES = '1767225600.123\t200\t/live/pointer.json\tp=0123456789abcdef&h=42\n'.length;
// Measured: pointer polls per phone per second in the caching phase with ids; plus a state per cue (one every 30 s).
const measuredPolls = results.caching?.find((r) => r.ids)?.pollsPerSecond / CACHE_PHONES;
const loggedPerPhoneSecond = (Number.isFinite(measuredPolls) ? measuredPolls : 1000 / POLL_MS) + 1 / 30;
function costPerHour(phones, samplingPct) {
  const lines = phones * loggedPerPhoneSecond * 3600 * samplingPct / 100;
  const rt = lines / 1e6 * PRICES.rtLogPerMillionLines;
  const inWorst = lines * 1024 / 1024 ** 3 * PRICES.kinesisInPerGB; // one line per record, each billed as 1 KB
  const inBatched = lines * LINE_BYTES / 1024 ** 3 * PRICES.kinesisInPerGB;
  const out = lines * LINE_BYTES / 1024 ** 3 * PRICES.kinesisOutPerGB;
  return { lines, rt, inWorst, inBatched, out, stream: PRICES.kinesisStreamHour,
    worst: rt + inWorst + out + PRICES.kinesisStreamHour, best: rt + inBatched + out + PRICES.kinesisStreamHour,
    recordsPerSecond: lines / 3600 };
}
const costs = [[50_000, 10], [50_000, 100], [100_000, 10], [100_000, 100]].map(([phones, pct]) => ({ phones, pct, ...costPerHour(phones, pct) }));

const memFile = join(ROOT, 'bench', 'raw', 'coverage-memory.json');
const memory = existsSync(memFile) ? JSON.parse(readFileSync(memFile, 'utf8')) : null;
const scaleFile = join(ROOT, 'bench', 'raw', 'coverage-scale.json');
const scale = existsSync(scaleFile) ? JSON.parse(readFileSync(scaleFile, 'utf8')) : null;
const scaleRows = scale ? [50_000, 100_000].map((phones) => {
  const rs = scale.filter((r) => r.phones === phones);
  return { phones, errs: stats(rs.flatMap((r) => r.share_error_points)), runMax: stats(rs.map((r) => Math.max(...r.share_error_points))),
    act: stats(rs.flatMap((r) => r.active_error_pct)), n: rs.length };
}) : [];
mkdirSync(join(ROOT, 'bench', 'raw'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'raw', 'coverage.json'), JSON.stringify({ load, results, costs, memory }, null, 2));

// --- report ---
const rows = results.crowds.map((c) => {
  const errs = stats(c.runs.flatMap((r) => r.errorsPoints));
  const runMax = stats(c.runs.map((r) => Math.max(...r.errorsPoints)));
  const act = stats(c.runs.flatMap((r) => r.activeErrorsPct));
  const lag50 = stats(c.runs.map((r) => r.lag50).filter((x) => x !== null));
  const lag90 = stats(c.runs.map((r) => r.lag90).filter((x) => x !== null));
  const target = c.sampling === 100 ? 2 : 5;
  const met = runMax.max <= target;
  return { c, errs, runMax, act, lag50, lag90, target, met };
});
const mem = memory ? {
  bytes: stats(memory.runs.map((r) => r.retained_bytes / 2 ** 20)),
  perId: stats(memory.runs.map((r) => r.bytes_per_id)),
  ingest: stats(memory.runs.map((r) => r.ingest_ns_per_line)),
  query: stats(memory.runs.map((r) => r.query_ms)),
} : null;
const cacheRow = (r) => `| ${r.ids ? 'with `?p=<id>&h=<v>`' : 'without ids'} | ${fmt(r.pollsPerSecond, 0)} | ${fmt(r.cachedShare * 100, 2)} % | ${fmt(r.hitShare * 100, 2)} % | ${fmt(r.originPerSecond, 2)} | ${r.withQuery} |`;
const md = `# Coverage benchmark

\`scripts/bench coverage\`: simulated phones (Node, \`tests/edge/phones.js\`) with random 64-bit ids poll
\`live/pointer.json?p=<id>&h=<version held>\` every ${POLL_MS} ms ±10 % through the real local nginx edge
(\`scripts/edge --log-sampling N\`) and fetch \`states/<v>.json?p=<id>\` once per new version; the real control API
(\`cuecast-server.jar --coverage-log <edge>/logs/coverage.log --coverage-sampling N\`) tails the edge's log and
answers \`GET /api/coverage\`. Per sampling rate, ${RUNS} cues; for cue *k* exactly ${SHARES.map((s) => s * 100 + ' %').join(', ')} of
the phones fetch it, the rest keep polling on the old one. Measured from outside: the true share is the bench's
own count of phones that fetched; the figure is what the API answers.

Machine: ${load.cores} cores shared with other work; load average ${load.before.map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) at the
start, ${load.after.map((x) => x.toFixed(1)).join(' / ')} at the end. Figures are min / median / max.

## Accuracy and freshness

| sampling | phones | \\|share error\\| per reading, % points | worst reading per run | \\|active error\\| % | target | lag to 50 % of holders, s | lag to 90 %, s |
| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |
${rows.map((r) => `| ${r.c.sampling} % | ${r.c.phones} | ${mmm(r.errs, 2)} (${r.errs.n} readings) | ${mmm(r.runMax, 2)} | ${mmm(r.act, 1)} | ±${r.target} %: **${r.met ? 'met' : 'missed'}** | ${mmm(r.lag50, 2)} | ${mmm(r.lag90, 2)} |`).join('\n')}

- *Reading*: one answer of \`GET /api/coverage\`, about one a second, from one full window of polls after the last
  follower fetched (2 × poll_ms + 1 s) for 5 s. The error is |figure − true share| in percentage points.
- *Lag* (freshness): from the moment 50 % (90 %) of the followers had fetched the state (the phones' own clocks)
  to the first answer showing at least 50 % (90 %) of the true share; the bench asks every 100 ms. It is the
  edge's log flush (250 ms) plus the tail interval (200 ms) plus the window; CloudFront real-time logs add their
  own delivery delay ("within seconds", not measured here: no AWS account in this environment).
- Why 10 % is noisier: a figure rests on the phones seen in one window (2 × poll_ms), about 1 − 0.9² = 19 % of
  the crowd at 10 % sampling: ~${Math.round(0.19 * CROWDS[1].phones)} of ${CROWDS[1].phones} here, ~9,500 of 50,000 in a stadium, where
  the standard error of the share is ~0.5 % points.

${scale ? `At stadium scale (synthetic log lines through the same parser and tracker, \`CoverageMemoryBench\`: phones polling
every 1 s ±10 %, a tenth of them every 2 s, shares 50–90 %, 10 % sampling, 5 seeds × 5 readings one window apart):

| phones | sampling | \\|share error\\| per reading, % points | worst reading per seed | \\|active error\\| % | target |
| ---: | ---: | ---: | ---: | ---: | --- |
${scaleRows.map((r) => `| ${r.phones.toLocaleString('en-US')} | 10 % | ${mmm(r.errs, 2)} (${r.errs.n} readings) | ${mmm(r.runMax, 2)} | ${mmm(r.act, 1)} | ±5 %: **${r.runMax.max <= 5 ? 'met' : 'missed'}** |`).join('\n')}
` : ''}
## Caching with ids (one edge, the real stack, ${CACHE_PHONES} phones, ${CACHE_SECONDS} s each, side by side)

| phones | pointer requests/s at the edge | answered from cache (HIT, STALE, UPDATING) | of which HIT | pointer requests/s at the origin | requests with a query string |
| --- | ---: | ---: | ---: | ---: | ---: |
${results.caching.map(cacheRow).join('\n')}

The cache key is the path only (\`proxy_cache_key $uri\` locally; \`QueryStringBehavior: none\` in every CloudFront
cache policy): a phone id changes neither the share answered from cache nor the origin's load (one pointer fetch
per max-age, whatever the crowd sends).

## Memory and CPU at 100,000 phones (\`CoverageMemoryBench\`, ${memory ? memory.runs.length : 0} runs, ${memory?.jvm ?? 'not run'})

${mem ? `| heap retained by 100,000 ids | per id | parse + record one log line | one answer over 100,000 ids |
| ---: | ---: | ---: | ---: |
| ${mmm(mem.bytes, 1, ' MiB')} | ${mmm(mem.perId, 0, ' B')} | ${mmm(mem.ingest, 0, ' ns')} | ${mmm(mem.query, 1, ' ms')} |

Exact counting (a \`HashMap\` of id → last seen, version held), capped at ${memory.max_phones.toLocaleString('en-US')} ids (new ids past the cap are
dropped and the answer says so) and swept of ids not seen for 120 s: memory is bounded by the cap, about
${fmt(mem.perId.median * memory.max_phones / 2 ** 20, 0)} MiB at most. No sketch is needed at this size, so shares are exact counts, not HyperLogLog estimates.` : 'Not measured (run `scripts/bench coverage`, which runs CoverageMemoryBench first).'}

## Cost of real-time logs per show-hour

Logged requests: pointer polls as measured above (${fmt(measuredPolls, 3)} per phone per second at poll_ms 1 s) plus a state
per cue (one every 30 s): ${fmt(loggedPerPhoneSecond, 3)} per phone per second; \`/time\` and the app are not logged. A log line is ~${LINE_BYTES} bytes. Assumed list
prices (us-east-1; check the pricing pages): CloudFront real-time logs $${PRICES.rtLogPerMillionLines} per million lines; Kinesis on-demand
$${PRICES.kinesisStreamHour} per stream-hour, $${PRICES.kinesisInPerGB}/GB in (each record rounded up to 1 KB), $${PRICES.kinesisOutPerGB}/GB out. Whether CloudFront
packs several lines into one Kinesis record is not documented: "worst" bills every line as its own 1 KB record,
"packed" bills the bytes.

| phones | sampling | log lines/hour | records/s | real-time logs | Kinesis (worst / packed) | total per show-hour (worst / packed) | vs a $255 show-hour |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${costs.map((c) => `| ${c.phones.toLocaleString('en-US')} | ${c.pct} % | ${(c.lines / 1e6).toFixed(1)} M | ${Math.round(c.recordsPerSecond).toLocaleString('en-US')} | $${fmt(c.rt, 2)} | $${fmt(c.inWorst + c.out + c.stream, 2)} / $${fmt(c.inBatched + c.out + c.stream, 2)} | **$${fmt(c.worst, 2)}** / $${fmt(c.best, 2)} | +${fmt(c.worst / (255 * c.phones / 50_000) * 100, 1)} % |`).join('\n')}

A new on-demand stream accepts 4,000 records/s (4 MB/s) before it has scaled: 50,000 phones at 10 % are about
${Math.round(costs[0].recordsPerSecond).toLocaleString('en-US')} lines/s, so warm the stream up before doors open (or use 5 % sampling) if CloudFront writes one line per record.
`;
writeFileSync(join(ROOT, 'bench', 'coverage.md'), md);
console.log(md);
