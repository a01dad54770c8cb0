// The console runs under no service worker. The spectator app's worker has the scope /show and never covers it, and a
// browser that installed the app before it moved there (scope "/") loses that worker on its next update (the retired
// /sw.js). Should a worker control this page anyway, it is unregistered here and the page loaded once more without
// it: nothing a spectator-app update does can sit between the operator and the server.
const RELOADED = 'cuecast.noWorkerReload';
const workers = navigator.serviceWorker;
if (workers?.controller) {
  for (const registration of await workers.getRegistrations()) {
    if (location.href.startsWith(registration.scope)) await registration.unregister();
  }
  if (!sessionStorage.getItem(RELOADED)) { // once: never a reload loop
    sessionStorage.setItem(RELOADED, '1');
    location.reload();
  }
} else {
  sessionStorage.removeItem(RELOADED);
}
