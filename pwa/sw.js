// Retired: the spectator app's first service worker was this file, registered with scope "/", which put the
// operator console and the QR sheet under it too. The app is now the page /show with its own worker (show-sw.js,
// scope /show). Phones and laptops that installed the old app still ask for this file when they update that old
// registration, and get this instead: it deletes the old app's caches, unregisters itself and loads its pages again,
// now under no worker ("/" and "/?seat=N" then lead to /show). It has no fetch handler, so until then every request
// goes to the network untouched.
// Keep it as it is, and never give a worker the scope "/" again.
self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('cuecast-shell-')) await caches.delete(name);
    }
    await self.registration.unregister();
    for (const client of await self.clients.matchAll({ type: 'window' })) {
      if (/^https?:/.test(client.url)) client.navigate(client.url).catch(() => { /* gone, or not ours to reload */ });
    }
  })());
});
