// docs/protocol.md's JSON examples are golden vectors: each ```json block is preceded by
// <!-- vector: testdata/... --> and must equal that file (parsed JSON always; byte for byte for
// testdata/canonical/, which the Java publisher is pinned to). Fast and offline: no server, no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { pointerProblem, stateProblem } from '../../pwa/lib/validate.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DOC = 'docs/protocol.md';
const text = readFileSync(path.join(root, DOC), 'utf8');

/** Every fenced block with its language, body (without the closing fence's newline) and the line it starts on. */
export function fencedBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body = [];
    for (i++; i < lines.length && lines[i] !== open[1]; i++) body.push(lines[i]);
    assert.ok(i < lines.length, `${DOC}:${start + 1}: a code block is never closed`);
    let prev = start - 1;
    while (prev >= 0 && lines[prev].trim() === '') prev--;
    blocks.push({ lang: open[2], body: body.join('\n'), line: start + 1, before: prev >= 0 ? lines[prev].trim() : '' });
  }
  return blocks;
}

const VECTOR = /^<!--\s*vector:\s*(\S+)\s*-->$/;
const examples = fencedBlocks(text).filter((b) => b.lang === 'json');

test('docs/protocol.md has JSON examples, each naming its golden vector right above it', () => {
  assert.ok(examples.length >= 20, `only ${examples.length} json blocks found`);
  for (const b of examples) {
    assert.match(b.before, VECTOR, `${DOC}:${b.line}: put <!-- vector: testdata/<file>.json --> right above this json block`);
  }
});

for (const b of examples) {
  const vector = VECTOR.exec(b.before)?.[1];
  if (!vector) continue;
  test(`${DOC}:${b.line} equals ${vector}`, () => {
    assert.ok(vector.startsWith('testdata/') && !vector.includes('..'), `${vector}: vectors live in testdata/`);
    const file = path.join(root, vector);
    assert.ok(existsSync(file), `${vector} does not exist: add the example's exact bytes there`);
    const bytes = readFileSync(file, 'utf8');
    assert.deepStrictEqual(JSON.parse(b.body), JSON.parse(bytes), `${DOC}:${b.line} differs from ${vector}`);
    if (vector.startsWith('testdata/canonical/')) {
      assert.equal(b.body, bytes, `${DOC}:${b.line}: a canonical vector is shown byte for byte (no reformatting)`);
    }
  });
}

test('every canonical vector is shown in docs/protocol.md', () => {
  const shown = new Set(examples.map((b) => VECTOR.exec(b.before)?.[1]));
  const canonical = readdirSync(path.join(root, 'testdata/canonical')).filter((f) => f.endsWith('.json'));
  for (const f of canonical) {
    assert.ok(shown.has(`testdata/canonical/${f}`), `testdata/canonical/${f} is a wire object the contract does not show`);
  }
});

test('the pointers and states shown are ones the phone accepts', () => {
  for (const b of examples) {
    const name = path.basename(VECTOR.exec(b.before)?.[1] ?? '');
    const value = JSON.parse(b.body);
    if (/^pointer/.test(name)) assert.equal(pointerProblem(value), null, `${name} is not a valid pointer`);
    if (/^state/.test(name)) assert.equal(stateProblem(value), null, `${name} is not a valid state`);
    if (name === 'api-state.json') {
      assert.equal(pointerProblem(value.pointer), null, `${name}: the pointer is not valid`);
      assert.equal(stateProblem(value.state), null, `${name}: the state is not valid`);
    }
  }
});

test('every vector in testdata/protocol/ is used by docs/protocol.md', () => {
  const shown = new Set(examples.map((b) => VECTOR.exec(b.before)?.[1]));
  for (const f of readdirSync(path.join(root, 'testdata/protocol'))) {
    assert.ok(shown.has(`testdata/protocol/${f}`), `testdata/protocol/${f} is not shown in ${DOC}: show it or remove it`);
  }
});
