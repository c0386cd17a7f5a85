package web

import "net/http"

// fieldWorkerJS is the service worker of field work, served at
// /inspections/{id}/field/sw.js with that page as its scope: it keeps a
// copy of the page and of the assets it loads, so that the page opens
// again without a network (a phone's browser reloads tabs it put to
// sleep). The page is fetched from the network first (fresh results when
// online) and from the copy when that fails; the hashed assets never
// change, so their copy is used first. It never touches a POST: the
// answers wait in IndexedDB (field.js), not here.
const fieldWorkerJS = `'use strict';
var CACHE = 'congvu-field-1';
self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (e) { e.waitUntil(self.clients.claim()); });
self.addEventListener('fetch', function (e) {
  var r = e.request;
  if (r.method !== 'GET') { return; }
  var u = new URL(r.url);
  if (u.origin !== location.origin) { return; }
  var scope = new URL(self.registration.scope).pathname;
  if (u.pathname.indexOf('/static/') === 0) {
    e.respondWith(caches.open(CACHE).then(function (c) {
      return c.match(r).then(function (hit) {
        return hit || fetch(r).then(function (res) {
          if (res.ok) { c.put(r, res.clone()); }
          return res;
        });
      });
    }));
    return;
  }
  if (u.pathname !== scope) { return; }
  e.respondWith(fetch(r).then(function (res) {
    if (res.ok) {
      var copy = res.clone();
      caches.open(CACHE).then(function (c) { c.put(u.pathname, copy); });
    }
    return res;
  }, function () {
    return caches.open(CACHE).then(function (c) {
      return c.match(u.pathname).then(function (hit) {
        return hit || new Response('Không có mạng và điện thoại chưa lưu trang này.', { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
      });
    });
  }));
});
`

// fieldWorker serves the service worker; Service-Worker-Allowed lets it
// take the page itself (…/field) as its scope, not only …/field/.
func (s *Server) fieldWorker(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.fieldInspection(r); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Service-Worker-Allowed", "/inspections/"+r.PathValue("id")+"/field")
	w.Write([]byte(fieldWorkerJS))
	return nil
}
