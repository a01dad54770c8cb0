// Publish latency drawn from what bench/publish.md measured: every publish of the s3proxy store (the S3 API over
// loopback HTTP, one publisher at a time, as an operator publishes) in bench/raw/publish-samples.csv. A cue's
// effective_at is stamped when the operator's request arrives; the pointer naming it is visible at the origin only
// once the publish is acked, so this much comes off the lead before any phone can see the cue. Loopback S3 has no
// network round trip to a region: real S3 adds tens of ms per call (see sim/NETWORK.md), so this is a lower bound.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const CSV = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'raw', 'publish-samples.csv');
export const PUBLISH_SOURCE = Object.freeze({ file: 'bench/raw/publish-samples.csv', store: 's3proxy (in-process, S3 API over loopback HTTP)', workload: 'sequential 1 x 1000' });

/** CSV fields, double quotes honoured (the store names contain commas). */
function fields(line) {
  const out = [];
  let cur = '', quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

let cached = null;
/** The measured publish latencies (ms), sorted. */
export function publishSamples() {
  if (cached === null) {
    const [head, ...rows] = readFileSync(CSV, 'utf8').trim().split('\n');
    const col = Object.fromEntries(fields(head).map((h, i) => [h, i]));
    cached = rows.map(fields)
      .filter((f) => f[col.store] === PUBLISH_SOURCE.store && f[col.workload] === PUBLISH_SOURCE.workload && Number(f[col.version]) > 0)
      .map((f) => Number(f[col.latency_us]) / 1000)
      .sort((a, b) => a - b);
    if (cached.length === 0) throw new Error(`no ${PUBLISH_SOURCE.store} samples in ${CSV}`);
  }
  return cached;
}

/** A sampler drawing one measured latency (ms) per call. */
export function publishLatency(random) {
  const xs = publishSamples();
  return () => xs[Math.min(xs.length - 1, Math.floor(random() * xs.length))];
}
