// One large crowd run in a process of its own, so its wall time and peak memory are its own: the hard model on inline
// cues (sim/scenarios.js BIG). Usage: node --max-old-space-size=8192 sim/big.js <devices> <seed> <out.json>
// Writes the analysis (sim/analyse.js, without its big arrays) plus wall time, events and peak RSS to out.json.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { simulate } from './crowd.js';
import { BIG, edgesFor } from './scenarios.js';
import { MODELS } from './network.js';
import { analyse, strip } from './analyse.js';

const devices = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
const out = process.argv[4];
const load0 = loadavg();
const wall0 = Date.now();
const cpu0 = process.cpuUsage();
const r = await simulate({ ...BIG, devices, seed, edges: edgesFor(devices) }, MODELS.hard);
const simMs = Date.now() - wall0;
const cpu = process.cpuUsage(cpu0);
const a = analyse(r);
const result = {
  devices, seed, scenario: 'BIG', wallMs: Date.now() - wall0, simulateMs: simMs, cpuMs: (cpu.user + cpu.system) / 1000, events: r.events,
  maxRssBytes: process.resourceUsage().maxRSS * 1024, peakHeapBytes: r.memory.peakHeap, load: [load0, loadavg()],
  analysis: strip(a),
};
if (out) writeFileSync(out, JSON.stringify(result, null, 1));
console.log(JSON.stringify({ devices, seed, wallS: result.wallMs / 1000, cpuS: result.cpuMs / 1000, events: r.events, maxRssMB: result.maxRssBytes / 1e6,
  held: a.delivery.map((d) => `${d.lead}: ${(100 * d.share).toFixed(2)} %`) }));
