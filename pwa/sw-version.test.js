import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync, cpSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PWA_DIR, shellFiles, currentVersion, expectedVersion, writeVersion } from '../scripts/sw-version.mjs';

const sw = () => readFileSync(join(PWA_DIR, 'sw.js'), 'utf8');

test('the service worker VERSION is the hash of the shell files (run scripts/sw-version after changing one)', () => {
  assert.equal(currentVersion(sw()), expectedVersion(),
    'a shell file changed but sw.js VERSION did not: run scripts/sw-version');
});

test('changing any shell file changes the version', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cuecast-sw-'));
  try {
    cpSync(PWA_DIR, dir, { recursive: true });
    const before = expectedVersion(dir);
    writeFileSync(join(dir, 'app.js'), readFileSync(join(dir, 'app.js'), 'utf8') + '\n// changed\n');
    assert.notEqual(expectedVersion(dir), before);
    assert.equal(writeVersion(dir), true);
    assert.equal(currentVersion(readFileSync(join(dir, 'sw.js'), 'utf8')), expectedVersion(dir));
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
  for (const file of imports('app.js')) assert.ok(shell.has(file), `${file} is imported but missing from SHELL in sw.js`);
  for (const file of readdirSync(join(PWA_DIR, 'icons'))) assert.ok(shell.has(`icons/${file}`), `icons/${file} missing from SHELL`);
});
