// The lead the console offers comes from the crowd bench: lead.js reads lead-table.js, which must be exactly the table
// the bench wrote (testdata/lead.json), and offers each measured kind of state the lead the bench found for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import TABLE from '../../../main/resources/operator/lead-table.js';
import { leadAdvice, recommendLead, stateBytes, stateKind, defaultLeadMs } from '../../../main/resources/operator/lead.js';
import { cueOf } from '../../../../../sim/kinds.js';

const BENCH = JSON.parse(readFileSync(new URL('../../../../../testdata/lead.json', import.meta.url), 'utf8'));
const LIMITS = JSON.parse(readFileSync(new URL('../../../../../testdata/limits.json', import.meta.url), 'utf8'));
const E = 1_767_225_700_000;
const inForce = { effective_at: E - 60_000, mode: 'solid', color: '#202020' };
/** The state a dry run previews for the bench's cue of this kind: the cue in force, then the new one(s). */
const preview = (kind) => ({ v: 1, version: 12, published_at: E - 3000, cues: [inForce, ...cueOf(kind, 1, E, '#FF0000').cues] });

test('the page\'s table is exactly the one the crowd bench wrote', () => {
  assert.deepEqual(TABLE, BENCH);
  assert.equal(TABLE.inline_max_bytes, LIMITS.pointer_inline_max_bytes, 'inlining as the publisher does it');
});

test('for each kind the bench measured, the console offers the bench\'s lead, for the state the bench published', () => {
  for (const row of BENCH.rows) {
    const state = preview(row.kind);
    const advice = leadAdvice(state, 3000);
    assert.equal(advice.kind, row.kind, `${row.kind}: classified as the bench's kind`);
    assert.equal(advice.inlined, row.inlined, `${row.kind}: inlined as in the bench`);
    assert.ok(advice.bytes <= row.bytes, `${row.kind}: ${advice.bytes} B, the bench measured up to ${row.bytes} B`);
    assert.equal(advice.recommendedMs, row.lead_ms, `${row.kind}: ${advice.text}`);
    assert.equal(advice.measured, true);
    assert.equal(advice.below, row.lead_ms === null || 3000 < row.lead_ms);
  }
});

test('a state between measured sizes takes the smallest measured row at least as large; beyond them, the largest, flagged', () => {
  const table = { inline_max_bytes: 1024, source: { leads_ms: [1000, 2000, 4000, 8000] }, rows: [
    { kind: 'solid', inlined: true, bytes: 186, lead_ms: 2000 },
    { kind: 'timeline', inlined: false, bytes: 2700, lead_ms: 4000 },
    { kind: 'winners', inlined: false, bytes: 17_000, lead_ms: 8000 },
  ] };
  assert.equal(recommendLead(table, { bytes: 500, inlined: true, kind: 'timeline' }).leadMs, 2000, 'inlined: the inlined row');
  assert.equal(recommendLead(table, { bytes: 1500, inlined: false, kind: 'sequence' }).leadMs, 4000);
  assert.equal(recommendLead(table, { bytes: 2701, inlined: false, kind: 'sequence' }).leadMs, 8000);
  const huge = recommendLead(table, { bytes: 60_000, inlined: false, kind: 'winners' });
  assert.deepEqual([huge.leadMs, huge.measured], [8000, false]);
  assert.equal(defaultLeadMs(table), 2000);
  const state = { v: 1, version: 3, published_at: 1, cues: [inForce, { effective_at: E, mode: 'solid', color: '#00FF00' }] };
  assert.equal(stateKind(state), 'solid');
  assert.equal(stateBytes(state), JSON.stringify(state).length);
  const low = leadAdvice(state, 1000, table);
  assert.deepEqual([low.recommendedMs, low.below], [2000, true]);
  assert.match(low.text, /2 s holds 99\.9 % .*1 s is below it/);
  assert.equal(leadAdvice(state, 2000, table).below, false, 'at the recommended lead: no warning');
});

test('when no lead the bench tried reaches 99.9 %, the console says so and always warns; the default is the longest tried', () => {
  const table = { inline_max_bytes: 1024, placeholder: true, source: { leads_ms: [1000, 4000, 12_000] }, rows: [
    { kind: 'solid', inlined: true, bytes: 186, lead_ms: null },
  ] };
  const state = { v: 1, version: 3, published_at: 1, cues: [inForce] };
  const a = leadAdvice(state, 60_000, table);
  assert.equal(a.recommendedMs, null);
  assert.equal(a.below, true);
  assert.match(a.text, /no lead the crowd bench tried \(up to 12 s\)/);
  assert.match(a.text, /placeholder/);
  assert.equal(defaultLeadMs(table), 12_000);
});
