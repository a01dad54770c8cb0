// The app's service worker (pwa/show-sw.js) has a VERSION that is a hash of the app shell's content, so a changed
// shell file always reaches installed phones. `scripts/sw-version` rewrites it; sw-version.test.js fails when it is
// stale. Node only.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PWA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'pwa');
/** The app's worker; pwa/sw.js is the retired one, which never changes. */
export const WORKER = 'show-sw.js';
const VERSION_LINE = /^const VERSION = '([^']*)';$/m;

/** The SHELL list as written in the worker. */
export function shellFiles(swSource) {
  const list = swSource.match(/const SHELL = \[([\s\S]*?)\];/);
  if (!list) throw new Error(`${WORKER} has no "const SHELL = [...]" list`);
  return [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

export function currentVersion(swSource) {
  const m = swSource.match(VERSION_LINE);
  if (!m) throw new Error(`${WORKER} has no "const VERSION = '...';" line`);
  return m[1];
}

/** sha256 over each shell file's name and bytes, first 16 hex digits. */
export function expectedVersion(dir = PWA_DIR) {
  const hash = createHash('sha256');
  for (const file of shellFiles(readFileSync(join(dir, WORKER), 'utf8'))) {
    hash.update(file).update('\0').update(readFileSync(join(dir, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Rewrites VERSION in the worker; returns true when it changed. */
export function writeVersion(dir = PWA_DIR) {
  const path = join(dir, WORKER);
  const source = readFileSync(path, 'utf8');
  const version = expectedVersion(dir);
  if (currentVersion(source) === version) return false;
  writeFileSync(path, source.replace(VERSION_LINE, `const VERSION = '${version}';`));
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const changed = writeVersion();
  console.log(`${WORKER} VERSION ${changed ? 'updated to' : 'already'} ${expectedVersion()}`);
}
