// scripts/edge --phone-id off: the venue turned the phone id off. The edge serves and caches exactly as before,
// but keeps no coverage log and records no query string, so an id sent by an app that still adds ?p= is stored
// nowhere the edge writes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startOrigin, startEdge } from './edge-harness.js';

let origin;
let edge;
const ID = 'c0ffee00c0ffee00';

before(async () => {
  origin = await startOrigin();
  edge = await startEdge(origin.url, { args: ['--phone-id', 'off'] });
});

after(async () => {
  await edge?.stop();
  edge?.remove();
  await origin?.stop();
});

test('with the phone id off the edge serves the same, logs no query string and keeps no coverage log', { timeout: 20_000 }, async () => {
  assert.match(edge.output(), /phone id off: no coverage log, no query strings logged/);
  const answers = [];
  for (const path of ['/live/pointer.json', '/live/pointer.json', '/states/3.json', '/time', '/index.html']) {
    const res = await fetch(`${edge.url}${path}?p=${ID}&h=2&e=epochA`);
    answers.push({ path, status: res.status, cache: res.headers.get('x-cache'), body: await res.text() });
  }
  assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 200]);
  assert.deepEqual(answers.slice(0, 2).map((a) => a.cache), ['MISS', 'HIT'], 'cached as with the id on');
  assert.equal(origin.count('/live/pointer.json'), 1);

  assert.deepEqual(await edge.stop(), { code: 0, signal: null });
  const logs = readdirSync(join(edge.prefix, 'logs'));
  assert.ok(!logs.some((f) => f.startsWith('coverage')), `no coverage log: ${logs.join(' ')}`);
  const access = edge.accessLog().trim().split('\n').map((l) => l.split(' '));
  assert.equal(access.length, 5);
  assert.deepEqual(access.map((f) => f[7]), ['-', '-', '-', '-', '-'], 'no query string recorded');
  for (const f of logs) assert.ok(!readFileSync(join(edge.prefix, 'logs', f), 'utf8').includes(ID), `${f} holds no phone id`);
  const conf = readFileSync(join(edge.prefix, 'nginx.conf'), 'utf8').replace(/#.*$/gm, ''); // directives only
  assert.ok(!conf.includes('coverage.log') && !conf.includes('$args'), 'the rendered configuration has neither');
  assert.match(conf, /set \$viewer_query -;/);
  assert.ok(existsSync(join(edge.prefix, 'logs', 'access.log')));
});

test('--phone-id takes on or off only', { timeout: 10_000 }, async () => {
  await assert.rejects(startEdge(origin.url, { args: ['--phone-id', 'no'] }), /--phone-id must be on or off, got 'no'/);
});
