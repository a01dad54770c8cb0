// The real local stack (control-api jar) tailing the coverage log of the real local nginx edge in front of it:
// what `scripts/run --coverage-log` + `scripts/edge` give an operator, for the coverage test and benchmark.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../browser/stack.js';
import { startEdge } from './edge-harness.js';

/** @param {{ samplingPercent?: number }} [opts] */
export async function startCoverageRig({ samplingPercent = 100 } = {}) {
  const prefix = mkdtempSync(join(tmpdir(), 'cuecast-coverage-edge-'));
  const stack = await startStack({
    extraArgs: ['--coverage-log', join(prefix, 'logs', 'coverage.log'), '--coverage-sampling', String(samplingPercent)],
  });
  let edge;
  try {
    edge = await startEdge(stack.url, { prefix, args: ['--log-sampling', String(samplingPercent)] });
  } catch (e) {
    await stack.stop();
    throw e;
  }
  const auth = { authorization: `Bearer ${stack.token}` };
  return {
    stack,
    edge,
    async publish(color) {
      const res = await fetch(`${stack.url}/api/cues`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'solid', color, lead_ms: 10_000 }),
      });
      if (res.status !== 201) throw new Error(`publish: ${res.status} ${await res.text()}`);
      return (await res.json()).version;
    },
    async coverage(version) {
      const res = await fetch(`${stack.url}/api/coverage?version=${version}`, { headers: auth });
      if (res.status !== 200) throw new Error(`coverage: ${res.status} ${await res.text()}`);
      return res.json();
    },
    async stop() {
      await edge.stop();
      edge.remove();
      await stack.stop();
    },
  };
}
