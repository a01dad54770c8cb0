// The project's documents stand on their own: README.md and docs/*.md link only to files in this repository that
// exist, to headings that exist, or to the web; never to ../shared, to absolute paths or out of the repository.
// Repository paths written in code spans (`pwa/lib/clock.js`) must exist too, so a rename cannot leave them stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('../../', import.meta.url));
const documents = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const topLevel = new Set(readdirSync(root).filter((f) => !f.startsWith('.') && f !== 'node_modules'));

/** The text with fenced code blocks blanked out (line numbers kept), and the fenced blocks' lines. */
function split(markdown) {
  const prose = [];
  const code = [];
  let fence = null;
  for (const line of markdown.split('\n')) {
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence === null && open) {
      fence = open[1];
      prose.push('');
    } else if (fence !== null) {
      if (line.trim() === fence) fence = null;
      else code.push(line);
      prose.push('');
    } else {
      prose.push(line);
    }
  }
  return { prose: prose.join('\n'), code };
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(markdown) {
  const seen = new Map();
  const out = new Set();
  for (const line of split(markdown).prose.split('\n')) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = h[1].replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Link targets outside code: inline links and images, reference definitions, autolinks, HTML href/src. */
export function links(markdown) {
  const prose = split(markdown).prose.replace(/`[^`\n]*`/g, (m) => ' '.repeat(m.length));
  const found = [];
  const lineOf = (index) => prose.slice(0, index).split('\n').length;
  const patterns = [
    /!?\[(?:[^\]\n]|\][^(\n])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
    /^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm,
    /<((?:https?|ftp|file):[^>\s]+)>/g,
    /\b(?:href|src)\s*=\s*["']([^"']+)["']/g,
  ];
  for (const re of patterns) {
    for (const m of prose.matchAll(re)) found.push({ target: m[1], line: lineOf(m.index) });
  }
  return found;
}

/** Code spans that name a repository file or folder: `pwa/lib/clock.js`, `bench/crowd.md`, `scripts/run`. */
function repoPaths(markdown) {
  const { prose, code } = split(markdown);
  const spans = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => ({ text: m[1], line: prose.slice(0, m.index).split('\n').length }));
  void code;
  return spans.filter(({ text }) => {
    if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)+\/?$/.test(text)) return false; // a plain path, no placeholders
    const first = text.split('/')[0];
    return topLevel.has(first) && !/(^|\/)(target|node_modules|data)(\/|$)/.test(text);
  });
}

for (const doc of documents) {
  const markdown = readFileSync(path.join(root, doc), 'utf8');
  const here = path.dirname(path.join(root, doc));

  test(`${doc}: never points at ../shared or this machine's folders`, () => {
    markdown.split('\n').forEach((line, i) => {
      assert.doesNotMatch(line, /\.\.\/shared|(^|[\s`(])\/shared\/|\/work\//, `${doc}:${i + 1}: the project owns its documents`);
      assert.doesNotMatch(line, /shared\/(design|pitfalls)\.md/, `${doc}:${i + 1}: the project owns its documents`);
    });
  });

  test(`${doc}: every link stays in the repository and reaches something that exists`, () => {
    for (const { target, line } of links(markdown)) {
      const where = `${doc}:${line}: ${target}`;
      if (/^(https?:|mailto:)/i.test(target)) continue;
      assert.doesNotMatch(target, /^[a-z][a-z0-9+.-]*:/i, `${where}: only web links and repository files`);
      assert.ok(!target.startsWith('/') && !target.startsWith('\\'), `${where}: absolute paths point outside the repository`);
      const [file, fragment] = decodeURI(target).split('#');
      const resolved = file === '' ? path.join(root, doc) : path.resolve(here, file.split('?')[0]);
      const relative = path.relative(root, resolved);
      assert.ok(relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative)), `${where}: leaves the repository`);
      assert.ok(existsSync(resolved), `${where}: no such file in the repository`);
      if (fragment !== undefined && resolved.endsWith('.md') && statSync(resolved).isFile()) {
        assert.ok(anchors(readFileSync(resolved, 'utf8')).has(fragment), `${where}: no heading with anchor #${fragment}`);
      }
    }
  });

  test(`${doc}: repository paths in code spans exist`, () => {
    for (const { text, line } of repoPaths(markdown)) {
      assert.ok(existsSync(path.join(root, text)), `${doc}:${line}: \`${text}\` does not exist in the repository`);
    }
  });

  test(`${doc}: no process history and no prose line over 200 characters`, () => {
    const lines = (doc === 'README.md' ? markdown : split(markdown).prose).split('\n');
    lines.forEach((line, i) => {
      assert.ok([...line].length <= 200, `${doc}:${i + 1}: ${[...line].length} characters (at most 200)`);
      assert.doesNotMatch(line, /\bissues? #?\d+|\bbefore issue\b|(^|[^\w/.-])i1\d\b|#\d{1,3}\b(?!\w)/i,
        `${doc}:${i + 1}: issue numbers belong to the tracker, not the documents`);
    });
  });
}

test('the link checker itself: what it flags and what it lets through', () => {
  const sample = [
    'See [the contract](docs/protocol.md#pointer), [design](../shared/design.md), [abs](/etc/passwd),',
    '![plot](bench/edge.svg) and [web](https://example.com/x) and `not [a](link)`.',
    '```text', '[inside](code.md)', '```',
    '[ref]: docs/security.md',
  ].join('\n');
  assert.deepEqual(links(sample).map((l) => l.target).sort(),
    ['../shared/design.md', '/etc/passwd', 'bench/edge.svg', 'docs/protocol.md#pointer', 'docs/security.md', 'https://example.com/x']);
  assert.deepEqual([...anchors('# A `/time` heading\n## Changes in this release\n## Changes in this release')],
    ['a-time-heading', 'changes-in-this-release', 'changes-in-this-release-1']);
});
