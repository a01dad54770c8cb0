// The spectator app's service worker. Its scope is the app's page alone, `show` beside this file (/show): the operator
// console, the QR sheet, the API and metrics share the origin but are never under it, so nothing here can reach them.
// Registered with any other scope it refuses to install (see HOME), so it never controls anything there.
// Caches the app shell so the page starts offline; never touches the live data. The pointer and /time must always
// reach the network (the poller already asks for no-store), and immutable states rely on ordinary HTTP caching.
// VERSION is a hash of the shell files' content: `scripts/sw-version` rewrites it, and a test fails when a shell file
// changed without it.
const VERSION = '9a5d08268cb83720';
const CACHE = `cuecast-show-${VERSION}`;
// The page itself is index.html (the server and the CDN answer /show with it).
const SHELL = [
  'index.html', 'app.js', 'manifest.webmanifest',
  'lib/awake.js', 'lib/clock.js', 'lib/flash.js', 'lib/lifecycle.js', 'lib/phone-id.js', 'lib/player.js', 'lib/poller.js', 'lib/scheduler.js', 'lib/show.js', 'lib/validate.js', 'lib/winners.js',
  'icons/icon.svg', 'icons/icon-192.png', 'icons/icon-512.png',
];
const NAVIGATION_TIMEOUT_MS = 3000;

/** The app's files, its page and the live data are where this file is. */
const here = (path) => new URL(path, self.location).href;
const HOME = here('show');
const shellUrls = new Set(SHELL.map(here));
const LIVE = [here('live/'), here('time')];

self.addEventListener('install', (event) => {
  if (self.registration.scope !== HOME) {
    // a bug or a hand-made registration: a failed install leaves no worker, and a new registration is removed
    event.waitUntil(Promise.reject(new Error(`show-sw.js serves the scope ${HOME} only, not ${self.registration.scope}`)));
    return;
  }
  // Where the browser supports static routing, the live paths bypass this worker entirely.
  if (event.addRoutes && typeof URLPattern === 'function') {
    const base = new URL(here('./')).pathname;
    try {
      event.addRoutes([
        { condition: { urlPattern: new URLPattern({ pathname: `${base}live/*` }) }, source: 'network' },
        { condition: { urlPattern: new URLPattern({ pathname: `${base}time` }) }, source: 'network' },
      ]);
    } catch { /* older syntax: the fetch handler below still leaves them alone */ }
  }
  // All or nothing: one failed file leaves no half-filled cache behind.
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      await cache.addAll(SHELL.map((p) => new Request(here(p), { cache: 'reload' })));
    } catch (e) {
      await caches.delete(CACHE);
      throw e;
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('cuecast-show-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function networkFirst(request, fallbackUrl) {
  const cache = await caches.open(CACHE);
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS, null));
  try {
    const res = await Promise.race([fetch(request), timeout]);
    if (res && res.ok) return res;
  } catch { /* offline: fall back */ }
  return (await cache.match(fallbackUrl)) ?? Response.error();
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = request.url.split('?')[0];
  if (LIVE.some((p) => url.startsWith(p))) return; // never intercepted
  if (request.mode === 'navigate' && url === HOME) {
    // the page, with any query (?seat=N): the network's copy, else the cached one
    event.respondWith(networkFirst(request, here('index.html')));
  } else if (shellUrls.has(url)) {
    event.respondWith(caches.open(CACHE).then((c) => c.match(url)).then((hit) => hit ?? fetch(request)));
  }
});
