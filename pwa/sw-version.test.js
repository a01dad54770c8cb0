import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync, cpSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PWA_DIR, WORKER, shellFiles, currentVersion, expectedVersion, writeVersion } from '../scripts/sw-version.mjs';

const sw = () => readFileSync(join(PWA_DIR, WORKER), 'utf8');
const read = (file) => readFileSync(join(PWA_DIR, file), 'utf8');

test('the app worker\'s VERSION is the hash of the shell files (run scripts/sw-version after changing one)', () => {
  assert.equal(currentVersion(sw()), expectedVersion(),
    `a shell file changed but ${WORKER} VERSION did not: run scripts/sw-version`);
});

test('changing any shell file changes the version', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cuecast-sw-'));
  try {
    cpSync(PWA_DIR, dir, { recursive: true });
    const before = expectedVersion(dir);
    writeFileSync(join(dir, 'app.js'), readFileSync(join(dir, 'app.js'), 'utf8') + '\n// changed\n');
    assert.notEqual(expectedVersion(dir), before);
    assert.equal(writeVersion(dir), true);
    assert.equal(currentVersion(readFileSync(join(dir, WORKER), 'utf8')), expectedVersion(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Every module app.js loads, following relative imports. */
function imports(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(join(PWA_DIR, file), 'utf8');
  for (const m of source.matchAll(/(?:import|from)\s*\(?\s*'(\.\/[^']+)'/g)) {
    const next = join(file, '..', m[1]).replace(/\\/g, '/');
    imports(next, seen);
  }
  return seen;
}

test('every module the app loads is in the shell, so it starts offline', () => {
  const shell = new Set(shellFiles(sw()));
  for (const file of imports('app.js')) assert.ok(shell.has(file), `${file} is imported but missing from SHELL in ${WORKER}`);
  for (const file of readdirSync(join(PWA_DIR, 'icons'))) assert.ok(shell.has(`icons/${file}`), `icons/${file} missing from SHELL`);
});

test('the app registers its worker for its page alone, and the page is where the manifest starts', () => {
  assert.match(read('app.js'), /register\('show-sw\.js', \{ scope: 'show', updateViaCache: 'none' \}\)/);
  assert.match(sw(), /const HOME = here\('show'\);/);
  const manifest = JSON.parse(read('manifest.webmanifest'));
  assert.equal(manifest.start_url, 'show', 'a phone that installed the app opens the page its worker serves offline');
  assert.equal(new URL(manifest.id, new URL(manifest.start_url, 'https://x/manifest.webmanifest')).href, 'https://x/',
    'the app keeps the identity it had when start_url was ./ (an installed app is updated, not installed twice)');
});

test('sw.js is the retired worker of scope "/": it only removes itself and the old caches, never the app\'s', () => {
  const retired = read('sw.js');
  assert.doesNotMatch(retired, /addEventListener\('fetch'/, 'no fetch handler: nothing it covers goes through it');
  assert.match(retired, /self\.registration\.unregister\(\)/);
  assert.match(retired, /name\.startsWith\('cuecast-shell-'\)/);
  assert.match(sw(), /const CACHE = `cuecast-show-\$\{VERSION\}`;/, 'the app\'s cache is not one the retired worker deletes');
  assert.doesNotMatch(retired, /importScripts|import /, 'it depends on nothing that could break it');
});
