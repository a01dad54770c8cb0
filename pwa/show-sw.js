// Caches the app shell so the app starts offline; never touches the live data. The pointer and /time
// must always reach the network (the poller already asks for no-store), and immutable states rely
// on ordinary HTTP caching. Only the spectator app is served from here: the operator page, the API,
// metrics and the QR sheet share the origin but never go through this worker.
// VERSION is a hash of the shell files' content: `scripts/sw-version` rewrites it, and a test fails
// when a shell file changed without it.
const VERSION = '3c91faffa16b2463';
const CACHE = `cuecast-shell-${VERSION}`;
const SHELL = [
  './', 'index.html', 'app.js', 'manifest.webmanifest',
  'lib/clock.js', 'lib/flash.js', 'lib/phone-id.js', 'lib/player.js', 'lib/poller.js', 'lib/scheduler.js', 'lib/show.js', 'lib/validate.js', 'lib/winners.js',
  'icons/icon.svg', 'icons/icon-192.png', 'icons/icon-512.png',
];
const NAVIGATION_TIMEOUT_MS = 3000;

const scopeUrl = (path) => new URL(path, self.registration.scope).href;
const shellUrls = new Set(SHELL.map(scopeUrl));
const LIVE = [scopeUrl('live/'), scopeUrl('time')];
// The app's own pages: the start URL (with ?seat=…) and index.html; any other navigation is not ours.
const APP_PAGES = new Set([scopeUrl('./'), scopeUrl('index.html')]);
const NOT_OURS = ['operator', 'api/', 'metrics', 'health', 'openapi.json'];

self.addEventListener('install', (event) => {
  // Where the browser supports static routing, the live paths bypass this worker entirely.
  if (event.addRoutes && typeof URLPattern === 'function') {
    const base = new URL(self.registration.scope).pathname;
    try {
      event.addRoutes([
        { condition: { urlPattern: new URLPattern({ pathname: `${base}live/*` }) }, source: 'network' },
        { condition: { urlPattern: new URLPattern({ pathname: `${base}time` }) }, source: 'network' },
        ...NOT_OURS.map((p) => ({ condition: { urlPattern: new URLPattern({ pathname: `${base}${p}*` }) }, source: 'network' })),
      ]);
    } catch { /* older syntax: the fetch handler below still leaves them alone */ }
  }
  // All or nothing: one failed file leaves no half-filled cache behind.
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      await cache.addAll(SHELL.map((p) => new Request(scopeUrl(p), { cache: 'reload' })));
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
      if (name.startsWith('cuecast-shell-') && name !== CACHE) await caches.delete(name);
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
  return (await cache.match(fallbackUrl)) ?? (await cache.match(request)) ?? Response.error();
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = request.url.split('?')[0];
  if (LIVE.some((p) => url.startsWith(p))) return; // never intercepted
  if (request.mode === 'navigate' && APP_PAGES.has(url)) {
    event.respondWith(networkFirst(request, scopeUrl('index.html')));
  } else if (shellUrls.has(url)) {
    event.respondWith(caches.open(CACHE).then((c) => c.match(url)).then((hit) => hit ?? fetch(request)));
  }
});
