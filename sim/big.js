// One large crowd run in a process of its own, so its wall time and peak memory are its own: the hard model on inline
// cues (sim/scenarios.js BIG). Usage: node sim/big.js <devices> <seed> [out.json] [shards]
// Phones interact only through their edge cache and their access point or cell, so the crowd is split into `shards`
// (default: one per core) that run in worker threads, each with its own edges and media at the same density, and are
// merged before the analysis (sim/analyse.js). Writes the analysis (without its big arrays) plus wall time, CPU time,
// events and peak RSS to out.json.
import { writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { simulate } from './crowd.js';
import { BIG, edgesFor } from './scenarios.js';
import { MODELS } from './network.js';
import { analyse, strip } from './analyse.js';

/** One shard (or the whole crowd): the simulation's result, with plain data only. */
async function shardRun(devices, seed, index, count) {
  const mine = Math.ceil((devices - index) / count);
  const r = await simulate({ ...BIG, devices, seed, perPhoneRandom: true, shard: count > 1 ? { index, count } : null, edges: edgesFor(mine) }, MODELS.hard);
  const { scenario, network, ...rest } = r;
  return { ...rest, scenario: JSON.parse(JSON.stringify(scenario)), network: JSON.parse(JSON.stringify(network)) };
}

/** The shards' results as one crowd's (sim/crowd.js simulate's shape), phones in id order. */
export function merge(parts) {
  const [first] = parts;
  const devices = parts.flatMap((p) => p.devices).sort((a, b) => a.id - b.id);
  const N = devices.length;
  const heldAt = first.cues.map(() => new Float64Array(N).fill(NaN));
  const switchedAt = first.cues.map(() => new Float64Array(N).fill(NaN));
  // each shard filled only its own phones' entries, at their ids
  for (const p of parts) {
    for (const d of p.devices) {
      for (let i = 0; i < first.cues.length; i++) {
        heldAt[i][d.id] = p.heldAt[i][d.id];
        switchedAt[i][d.id] = p.switchedAt[i][d.id];
      }
    }
  }
  const sum = (f) => parts.reduce((a, p) => a + f(p), 0);
  const wifi = { requests: { burst: sum((p) => p.wifiCounts.requests.burst), calm: sum((p) => p.wifiCounts.requests.calm) },
    seconds: { burst: sum((p) => p.wifiCounts.seconds.burst), calm: sum((p) => p.wifiCounts.seconds.calm) } };
  const perSecond = (key, combine) => first.mediaLoad[key].map((_, s) => combine(parts.map((p) => p.mediaLoad[key][s] ?? 0), parts));
  const totalMedia = sum((p) => p.mediaCount);
  return {
    ...first, devices, heldAt, switchedAt,
    events: sum((p) => p.events), wallMs: Math.max(...parts.map((p) => p.wallMs)),
    memory: { peakRss: Math.max(...parts.map((p) => p.memory.peakRss)), peakHeap: sum((p) => p.memory.peakHeap) },
    rates: Object.fromEntries(Object.keys(first.rates).map((k) => [k, sum((p) => p.rates[k])])),
    wifiCounts: wifi,
    wifiRequestRate: { burst: wifi.seconds.burst ? wifi.requests.burst / wifi.seconds.burst : null, calm: wifi.seconds.calm ? wifi.requests.calm / wifi.seconds.calm : null },
    mediaLoad: {
      ours: perSecond('ours', (xs) => Math.max(...xs)),
      offered: perSecond('offered', (xs) => Math.max(...xs)),
      overloadedShare: perSecond('overloadedShare', (xs, ps) => xs.reduce((a, x, i) => a + x * ps[i].mediaCount, 0) / totalMedia),
    },
    mediaCount: totalMedia,
    media: { wifi: sum((p) => p.media.wifi), lte: sum((p) => p.media.lte) },
  };
}

if (!isMainThread) {
  const { devices, seed, index, count } = workerData;
  const r = await shardRun(devices, seed, index, count);
  parentPort.postMessage(r, [...r.heldAt.map((a) => a.buffer), ...r.switchedAt.map((a) => a.buffer)]);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const devices = Number(process.argv[2] ?? 100_000);
  const seed = Number(process.argv[3] ?? 1);
  const out = process.argv[4];
  const shards = Math.max(1, Number(process.argv[5] ?? process.env.CROWD_SHARDS ?? cpus().length));
  const load0 = loadavg();
  const wall0 = Date.now();
  const cpu0 = process.cpuUsage();
  const parts = await Promise.all(Array.from({ length: shards }, (_, index) => new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { devices, seed, index, count: shards },
      resourceLimits: { maxOldGenerationSizeMb: 12_288 } });
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => { if (code !== 0) reject(new Error(`shard ${index} exited ${code}`)); });
  })));
  const simulateMs = Date.now() - wall0;
  const r = merge(parts);
  const a = analyse(r);
  const cpu = process.cpuUsage(cpu0);
  const result = {
    devices, seed, shards, scenario: 'BIG', wallMs: Date.now() - wall0, simulateMs, cpuMs: (cpu.user + cpu.system) / 1000,
    events: r.events, maxRssBytes: process.resourceUsage().maxRSS * 1024, load: [load0, loadavg()],
    analysis: strip(a),
  };
  if (out) writeFileSync(out, JSON.stringify(result, null, 1));
  console.log(JSON.stringify({ devices, seed, shards, wallS: result.wallMs / 1000, cpuS: result.cpuMs / 1000, events: r.events,
    maxRssMB: Math.round(result.maxRssBytes / 1e6), held: a.delivery.map((d) => `${d.lead}: ${(100 * d.share).toFixed(2)} %`) }));
}
