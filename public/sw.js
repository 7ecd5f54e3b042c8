// Estate Desk service worker: the offline app shell.
//
// The post-build step (scripts/post-build.mjs) replaces the two placeholders below with the
// files of this exact build and a hash of them, so every build has a byte-different worker
// (which is how the browser notices an update) and the precache list is never kept by hand.
const BUILD_ID = '__BUILD_ID__';
const PRECACHE = /*__PRECACHE__*/ [];

const CACHE_PREFIX = 'estate-desk-shell-';
const CACHE_NAME = CACHE_PREFIX + BUILD_ID;
const SCOPE = new URL(self.registration.scope);
const SHELL = 'index.html';

const precacheUrl = (path) => new URL(path, SCOPE).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE_NAME).then((cache) =>
      // `reload` bypasses the HTTP cache, so the worker never stores a stale file.
      cache.addAll(PRECACHE.map((path) => new Request(precacheUrl(path), { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME)
          .map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

// The page asks the waiting worker to take over when the user clicks "reload".
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') {
    self.skipWaiting();
  }
});

// The precached path a request stands for. Relative asset links resolve against deep routes
// (for example /estate-desk/renovations/42/app-1a2b.js), so match the path's tail.
function precachedPathFor(url) {
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) {
    return null;
  }
  return PRECACHE.find((path) => url.pathname.endsWith('/' + path)) || null;
}

async function fromCache(path, request) {
  const cache = await caches.open(CACHE_NAME);
  const cached = await cache.match(precacheUrl(path));
  return cached || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const url = new URL(request.url);
  if (request.mode === 'navigate' && url.origin === SCOPE.origin && url.pathname.startsWith(SCOPE.pathname)) {
    // Every route of the single-page app is the same shell; the router takes it from there.
    event.respondWith(fromCache(SHELL, request));
    return;
  }
  const path = precachedPathFor(url);
  if (path) {
    event.respondWith(fromCache(path, request));
  }
});
