// scripts/edge rotates its logs by size, since nginx has none of its own: a log past --log-max-size is renamed
// <log>.1 (older copies shift to .2 ... .K, the oldest is deleted) and nginx reopens it. The files lose no line
// and tear none, at most K copies are kept, and the control API's EdgeLogTailer (run from the built jar, as
// `scripts/run --coverage-log` runs it) keeps following coverage.log by name across each rotation.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_JAR } from '../browser/stack.js';
import { startOrigin, startEdge } from './edge-harness.js';

const MAX = 64 * 1024;
const LINE = /^\d+\.\d{3} GET \/(live\/pointer|states\/7)\.json 200 \S+ [\d.]+ \d+ p=([0-9a-f]{16})&h=7$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const idOf = (n) => n.toString(16).padStart(16, '0');
const cleanup = [];
after(async () => { for (const f of cleanup.reverse()) await f(); });

/** Requests `from`..`to`-1 through the edge, 50 at a time, `pauseMs` between batches; every one must be a 200. */
async function phones(edge, from, to, pauseMs) {
  for (let i = from; i < to; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, to - i) }, async (_, j) => {
      const n = i + j;
      const res = await fetch(`${edge.url}/${n % 2 ? 'live/pointer' : 'states/7'}.json?p=${idOf(n)}&h=7`);
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }));
    if (pauseMs) await sleep(pauseMs);
  }
}

/** Every file of one log, oldest first (<name>.K ... <name>.1, <name>), as line arrays. */
function logFiles(edge, name) {
  const dir = join(edge.prefix, 'logs');
  const copies = readdirSync(dir).filter((f) => f.startsWith(name + '.')).map((f) => Number(f.slice(name.length + 1)));
  assert.ok(copies.every(Number.isInteger), readdirSync(dir).join(' '));
  return [...copies.sort((a, b) => b - a).map((k) => `${name}.${k}`), name]
    .filter((f) => existsSync(join(dir, f)))
    .map((f) => ({ file: f, size: statSync(join(dir, f)).size, text: readFileSync(join(dir, f), 'utf8') }));
}

function wellFormed(files) {
  for (const { file, text } of files) {
    if (text === '') continue;
    assert.ok(text.endsWith('\n'), `${file} ends with a whole line`);
    for (const line of text.slice(0, -1).split('\n')) assert.match(line, LINE, `${file}: a whole line`);
  }
}

test('a log past --log-max-size is rotated and only --log-keep copies are kept', { timeout: 90_000 }, async () => {
  const origin = await startOrigin();
  cleanup.push(() => origin.stop());
  const edge = await startEdge(origin.url, { args: ['--log-max-size', '64K', '--log-keep', '2'] });
  cleanup.push(async () => { await edge.stop(); edge.remove(); });
  assert.match(edge.output(), /logs rotate at 64K, 2 kept/);

  // Until coverage.log has been rotated three times (three different files seen as coverage.log.1), so the first
  // copy has been dropped; the size is checked once a second. Bounded: at most 40,000 requests.
  const rotatedCopies = new Set();
  let sent = 0;
  while (sent < 40_000 && rotatedCopies.size < 3) {
    await phones(edge, sent, sent + 100, 20);
    sent += 100;
    const one = join(edge.prefix, 'logs', 'coverage.log.1');
    if (existsSync(one)) rotatedCopies.add(statSync(one).ino);
  }
  assert.equal(rotatedCopies.size, 3, `three rotations within ${sent} requests`);
  await sleep(1_500); // the 250 ms flush
  assert.deepEqual(await edge.stop(), { code: 0, signal: null });

  const coverage = logFiles(edge, 'coverage.log');
  assert.deepEqual(coverage.map((f) => f.file), ['coverage.log.2', 'coverage.log.1', 'coverage.log'], 'two rotated copies, the oldest dropped');
  for (const f of coverage.slice(0, -1)) assert.ok(f.size >= MAX, `${f.file} was rotated only once past the size (${f.size} B)`);
  wellFormed(coverage);
  const newest = coverage.flatMap((f) => f.text.split('\n').filter(Boolean)).map((l) => l.match(LINE)[2]);
  assert.ok(newest.includes(idOf(sent - 1)), 'the newest lines are kept');
  assert.ok(newest.length < sent, 'the oldest lines went with the dropped copy');

  const access = logFiles(edge, 'access.log');
  assert.ok(access.length <= 3, access.map((f) => f.file).join(' '));
  assert.ok(access.some((f) => f.file === 'access.log.1'), 'the access log rotates too');
});

test('rotation loses no line from the files, and the control API\'s tailer follows coverage.log across it', { timeout: 120_000 }, async (t) => {
  const origin = await startOrigin();
  cleanup.push(() => origin.stop());
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const prefix = mkdtempSync(join(tmpdir(), 'cuecast-edge-rotation-'));

  // The tailer starts first and waits for the file, as `scripts/run --coverage-log` may.
  let tailer = null;
  let tailed = '';
  if (existsSync(SERVER_JAR)) {
    tailer = spawn('java', ['-cp', SERVER_JAR, join(import.meta.dirname, 'tail', 'TailEdgeLog.java'), join(prefix, 'logs', 'coverage.log'), '200'],
      { stdio: ['pipe', 'pipe', 'pipe'] });
    tailer.stdout.on('data', (d) => { tailed += d; });
    let err = '';
    tailer.stderr.on('data', (d) => { err += d; });
    const deadline = Date.now() + 60_000; // compiling the source file takes a few seconds on a busy machine
    while (!err.includes('tailing') && tailer.exitCode === null && Date.now() < deadline) await sleep(100);
    assert.ok(err.includes('tailing'), `the tailer harness started: ${err}`);
    cleanup.push(() => { if (tailer.exitCode === null) tailer.kill('SIGKILL'); });
  }

  const edge = await startEdge(origin.url, { prefix, args: ['--log-max-size', '64K', '--log-keep', '100'] });
  cleanup.push(async () => { await edge.stop(); edge.remove(); });
  const N = 6_000; // ~540 KB of coverage log: several rotations, paced over several seconds
  await phones(edge, 0, N - 100, 60);
  await sleep(1_500); // a last rotation may leave an empty coverage.log: the last 100 lines go into it
  await phones(edge, N - 100, N, 0);
  await sleep(1_000);
  assert.deepEqual(await edge.stop(), { code: 0, signal: null });

  const files = logFiles(edge, 'coverage.log');
  assert.ok(files.length >= 4, `rotated several times: ${files.map((f) => f.file).join(' ')}`);
  wellFormed(files);
  const written = files.flatMap((f) => f.text.split('\n').filter(Boolean).map((l) => l.match(LINE)[2]));
  assert.equal(written.length, N, 'every request is in exactly one file');
  assert.equal(new Set(written).size, N);

  if (!tailer) {
    t.diagnostic(`tailer part skipped: ${SERVER_JAR} not built (mvn -q -DskipTests package)`);
    return;
  }
  tailer.stdin.end();
  await new Promise((resolve) => (tailer.exitCode !== null ? resolve() : tailer.once('exit', resolve)));
  const seen = tailed.split('\n').filter(Boolean).map((l) => l.match(LINE)?.[2]);
  assert.ok(seen.every(Boolean), 'the tailer hands on whole lines only');
  const writtenSet = new Set(written);
  assert.ok(seen.every((id) => writtenSet.has(id)), 'nothing the tailer saw is made up');
  assert.equal(new Set(seen).size, seen.length, 'no line is read twice');
  assert.ok(files.at(-1).text.length > 0 && files.at(-1).size < MAX, 'the newest file holds the last lines');
  const last = new Set(files.at(-1).text.split('\n').filter(Boolean).map((l) => l.match(LINE)[2]));
  const first = new Set(files[0].text.split('\n').filter(Boolean).map((l) => l.match(LINE)[2]));
  assert.ok(seen.some((id) => first.has(id)), 'it read the first file');
  assert.ok(seen.some((id) => last.has(id)), 'it followed coverage.log by name to the newest file');
  const lost = N - seen.length;
  t.diagnostic(`tailer: ${seen.length} of ${N} lines over ${files.length - 1} rotations (${lost} not read)`);
  await t.test('the tailer reads every line, including those flushed into the renamed file',
    () => assert.equal(lost, 0, `${lost} lines written before a rotation were never read`));
});
