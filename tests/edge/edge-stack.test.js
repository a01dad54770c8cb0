// The local edge in front of the real local stack (control-api jar): what the phones see through it
// when the operator publishes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startStack, SERVER_JAR } from '../browser/stack.js';
import { startEdge } from './edge-harness.js';

const skip = existsSync(SERVER_JAR) ? false : `${SERVER_JAR} not built (mvn -q -DskipTests package)`;
let stack;
let edge;

before(async () => {
  if (skip) return;
  stack = await startStack();
  edge = await startEdge(stack.url);
});

after(async () => {
  await edge?.stop();
  edge?.remove();
  await stack?.stop();
});

async function publish(color) {
  const res = await fetch(`${stack.url}/api/cues`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'solid', color, lead_ms: 1000 }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).version;
}

async function pointer() {
  const res = await fetch(`${edge.url}/live/pointer.json`);
  return { status: res.status, cache: res.headers.get('x-cache'), body: res.status === 200 ? await res.json() : null };
}

test('a missing pointer is not remembered by the edge for more than about a second', { skip, timeout: 20_000 }, async () => {
  assert.equal((await pointer()).status, 404);
  const version = await publish('#FF0000');
  let seen;
  const start = Date.now();
  while (Date.now() - start < 4_000) {
    seen = await pointer();
    if (seen.status === 200) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(seen.status, 200);
  assert.equal(seen.body.version, version);
  assert.ok(Date.now() - start <= 3_000, `visible after ${Date.now() - start} ms`);
});

test('a published cue reaches the edge within its max-age plus one refresh while the crowd is served from cache', { skip, timeout: 20_000 }, async () => {
  await pointer();
  assert.equal((await pointer()).cache, 'HIT');
  const version = await publish('#00FF00');
  const start = Date.now();
  let seen;
  do {
    await new Promise((r) => setTimeout(r, 20));
    seen = await pointer();
  } while (seen.body.version < version && Date.now() - start < 5_000);
  const staleness = Date.now() - start;
  assert.equal(seen.body.version, version);
  assert.ok(staleness <= 3_000, `new pointer at the edge after ${staleness} ms`);

  const state = await fetch(`${edge.url}/${seen.body.state}`);
  assert.equal(state.status, 200);
  assert.equal((await state.json()).version, version);
});

test('the server time passes through the edge uncached', { skip, timeout: 10_000 }, async () => {
  const a = await fetch(`${edge.url}/time`);
  assert.equal(a.headers.get('cache-control'), 'no-store');
  const t1 = (await a.json()).t;
  await new Promise((r) => setTimeout(r, 20));
  const t2 = (await (await fetch(`${edge.url}/time`)).json()).t;
  assert.ok(t2 - t1 >= 15, `second answer ${t2 - t1} ms later`);
});
