// Công vụ — field work on a phone (/inspections/{id}/field). The page works
// without this script: each checklist line is a plain form, posted one at a
// time. With it, the page keeps working without a network, as the kiosk
// does (kiosk.js), and more:
//
//   - an answer (and its photos, as Blobs) is saved in the phone's
//     IndexedDB the moment the inspector taps "Lưu", with a random client
//     key; it leaves the phone's queue only once the server has answered
//     for it, so nothing is lost when the network drops or the page is
//     reloaded;
//   - answers go out in batches of JSON to …/field/sync, photos one by one
//     to …/field/photos; the server keeps one answer per client key and one
//     photo per photo key, so a batch sent again (its answer lost) doubles
//     nothing;
//   - a service worker (…/field/sw.js) keeps a copy of the page and its
//     assets, so the page opens again offline;
//   - the status bar and each line say what is saved on the phone and what
//     is sent; an answer the server refuses stays on the phone, marked, with
//     the server's reason, until the inspector corrects it.
//
// Requests carry the session cookie; cross-site forgery is refused by the
// server's Origin / Sec-Fetch-Site check (no token to expire while a batch
// waits offline). A session that expired meanwhile answers 401: the queue
// stays and the page asks to sign in again.
(function () {
  'use strict';
  var root = document.querySelector('[data-field]');
  if (!root || !window.indexedDB || !window.fetch || !window.Promise || !window.FormData) {
    return;
  }
  var base = root.getAttribute('data-field'); // "/inspections/{id}/field"
  var inspection = root.getAttribute('data-inspection');
  var BATCH = 50;
  var RETRY_MS = 15000;
  var MAX_PHOTO = 1600; // px: larger photos are scaled down on the phone

  // --- storage: one IndexedDB store of queued items -----------------------
  var dbp = null;
  function db() {
    if (!dbp) {
      dbp = new Promise(function (resolve, reject) {
        var req = indexedDB.open('congvu-field', 1);
        req.onupgradeneeded = function () {
          var s = req.result.createObjectStore('queue', { keyPath: 'key' });
          s.createIndex('insp', 'insp');
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbp;
  }
  function tx(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction('queue', mode);
        var out = fn(t.objectStore('queue'));
        t.oncomplete = function () { resolve(out && out.result !== undefined ? out.result : out); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }
  function all() {
    return tx('readonly', function (s) { return s.index('insp').getAll(inspection); });
  }
  function put(items) {
    return tx('readwrite', function (s) { items.forEach(function (it) { s.put(it); }); });
  }
  function del(keys) {
    return tx('readwrite', function (s) { keys.forEach(function (k) { s.delete(k); }); });
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
  }

  // shrink scales a photo down to MAX_PHOTO px a side (as JPEG) when it is
  // larger, to spare a slow network; smaller photos go as they are (the
  // server strips their metadata either way).
  function shrink(file) {
    if (!window.createImageBitmap || file.size < 600 * 1024) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file).then(function (bmp) {
      var k = Math.min(1, MAX_PHOTO / Math.max(bmp.width, bmp.height));
      if (k >= 1) {
        return file;
      }
      var c = document.createElement('canvas');
      c.width = Math.round(bmp.width * k);
      c.height = Math.round(bmp.height * k);
      c.getContext('2d').drawImage(bmp, 0, 0, c.width, c.height);
      return new Promise(function (resolve) {
        c.toBlob(function (b) { resolve(b || file); }, 'image/jpeg', 0.82);
      });
    }, function () { return file; });
  }

  // --- the page ----------------------------------------------------------
  var bar = document.getElementById('field-status');
  var netDown = !navigator.onLine; // the last send failed for want of a network
  var authLost = false;

  function lineEl(id) { return document.getElementById('line-' + id); }

  function mark(id, state, text) {
    var el = lineEl(id);
    if (!el) {
      return;
    }
    el.setAttribute('data-state', state);
    var s = el.querySelector('.fw-state');
    if (s) {
      s.textContent = text;
    }
    var n = document.getElementById('field-sent');
    if (n) {
      n.textContent = String(root.querySelectorAll('[data-line][data-state=sent]').length);
    }
  }

  // show repaints the status bar and every line from the queue.
  function show() {
    return all().then(function (items) {
      var lines = 0, photos = 0, failed = 0;
      items.forEach(function (it) {
        if (it.kind === 'line') {
          if (it.error) {
            failed++;
            mark(it.data.line_id, 'failed', 'Máy chủ chưa nhận: ' + it.error + ' Xin sửa rồi lưu lại.');
          } else {
            lines++;
            mark(it.data.line_id, 'queued', 'Đã lưu trên điện thoại, chưa gửi.');
          }
        } else {
          photos++;
        }
      });
      var msg;
      if (lines + photos + failed === 0) {
        msg = 'Mọi kết quả đã gửi lên máy chủ.';
      } else {
        msg = 'Lưu trên điện thoại, chưa gửi: ' + lines + ' dòng, ' + photos + ' ảnh.' +
          (failed ? ' ' + failed + ' dòng bị từ chối, xin sửa.' : '') +
          (authLost ? ' Phiên đăng nhập đã hết: xin đăng nhập lại để gửi (dữ liệu vẫn còn trên máy).' :
            netDown || !navigator.onLine ? ' Không có mạng: sẽ tự gửi khi có mạng.' : ' Đang gửi…');
      }
      bar.textContent = msg;
      bar.setAttribute('data-pending', String(lines + photos));
      bar.setAttribute('data-failed', String(failed));
      root.setAttribute('data-online', netDown || !navigator.onLine ? 'no' : 'yes');
    });
  }

  // fill puts a queued answer back in its form (after a reload).
  function fill(d) {
    var el = lineEl(d.line_id);
    var f = el && el.querySelector('form');
    if (!f) {
      return;
    }
    var r = f.querySelector('input[name=result][value="' + d.result + '"]');
    if (r) {
      r.checked = true;
    }
    f.elements.note.value = d.note || '';
    if (f.elements.official) {
      f.elements.official.value = d.official || '';
    }
    if (f.elements.badge) {
      f.elements.badge.value = d.badge || '';
    }
  }

  // save queues a line's answer and its photos, replacing an answer of the
  // same line not sent yet (with its photos kept).
  function save(f) {
    var fd = new FormData(f);
    var lineID = parseInt(fd.get('line_id'), 10);
    var d = {
      client_key: uuid(),
      line_id: lineID,
      result: fd.get('result') || '',
      note: fd.get('note') || '',
      official_id: officialID(fd.get('official')),
      badge: fd.get('badge') || '',
      recorded_at: new Date().toISOString()
    };
    if (d.official_id < 0) {
      return Promise.reject(new Error('official'));
    }
    if (!d.result) {
      return Promise.reject(new Error('result'));
    }
    d.official = fd.get('official') || '';
    var files = f.elements.photos ? Array.prototype.slice.call(f.elements.photos.files || []) : [];
    return Promise.all(files.map(shrink)).then(function (blobs) {
      return all().then(function (items) {
        var old = items.filter(function (it) { return it.kind === 'line' && it.data.line_id === lineID; })
          .map(function (it) { return it.key; });
        var add = [{ key: 'line:' + d.client_key, kind: 'line', insp: inspection, data: d }];
        blobs.forEach(function (b, i) {
          var k = uuid();
          add.push({ key: 'photo:' + k, kind: 'photo', insp: inspection, line_id: lineID, photo_key: k, blob: b, name: (files[i].name || 'anh.jpg') });
        });
        return del(old).then(function () { return put(add); });
      });
    }).then(function () {
      if (f.elements.photos) {
        f.elements.photos.value = '';
      }
    });
  }

  // --- sending -------------------------------------------------------------
  function post(url, body, json) {
    var h = json ? { 'Content-Type': 'application/json' } : {};
    return fetch(url, { method: 'POST', body: body, headers: h, credentials: 'same-origin', cache: 'no-store' });
  }

  var sending = null;
  var again = false;

  function sendLines(lines) {
    if (!lines.length) {
      return Promise.resolve(true);
    }
    var batch = lines.slice(0, BATCH);
    var body = batch.map(function (it) {
      var d = it.data;
      return { client_key: d.client_key, line_id: d.line_id, result: d.result, note: d.note, official_id: d.official_id, badge: d.badge, recorded_at: d.recorded_at };
    });
    return post(base + '/sync', JSON.stringify({ lines: body }), true).then(function (res) {
      if (res.status === 401) {
        authLost = true;
        return false;
      }
      if (res.status === 400 || res.status === 403 || res.status === 404) {
        // The whole batch refused (the inspection closed, rights gone):
        // keep everything, say why.
        return res.json().then(function (a) {
          var why = (a.error && a.error.message) || 'Máy chủ từ chối.';
          return put(batch.map(function (it) { it.error = why; return it; })).then(function () { return false; });
        }, function () { return false; });
      }
      if (!res.ok) {
        return false;
      }
      return res.json().then(function (a) {
        var byKey = {};
        (a.results || []).forEach(function (r) { byKey[r.client_key] = r; });
        var done = [], refused = [];
        batch.forEach(function (it) {
          var r = byKey[it.data.client_key];
          if (r && r.ok) {
            done.push(it.key);
            var t = r.official_name ? ' — ' + r.official_name : '';
            mark(it.data.line_id, 'sent', 'Đã gửi lên máy chủ' + t + '.');
          } else if (r && r.error) {
            it.error = r.error.message;
            refused.push(it);
          }
        });
        return del(done).then(function () { return put(refused); }).then(function () {
          return sendLines(lines.slice(BATCH));
        });
      });
    });
  }

  function sendPhotos(photos) {
    if (!photos.length) {
      return Promise.resolve(true);
    }
    var p = photos[0];
    var fd = new FormData();
    fd.append('line_id', String(p.line_id));
    fd.append('photo_key', p.photo_key);
    fd.append('photo', p.blob, p.name);
    return post(base + '/photos', fd, false).then(function (res) {
      if (res.status === 401) {
        authLost = true;
        return false;
      }
      if (res.ok || res.status === 400 || res.status === 404 || res.status === 409 || res.status === 413) {
        // Stored, or refused for good (not an image, too large, the line
        // gone, the record closed): a refused photo is dropped, and its
        // line says why.
        var why = res.ok ? Promise.resolve('') : res.json().then(function (a) {
          return (a.error && a.error.message) || '';
        }, function () { return ''; });
        return why.then(function (msg) {
          if (!res.ok) {
            mark(p.line_id, 'failed', 'Một ảnh không gửi được: ' + (msg || 'không phải ảnh JPEG/PNG hoặc quá lớn.'));
          }
          return del([p.key]);
        }).then(function () { return sendPhotos(photos.slice(1)); });
      }
      return false;
    });
  }

  // flush sends the queue: answers first (in batches), then photos.
  function flush() {
    if (sending) {
      again = true;
      return sending;
    }
    sending = all().then(function (items) {
      var lines = items.filter(function (it) { return it.kind === 'line' && !it.error; });
      var photos = items.filter(function (it) { return it.kind === 'photo'; });
      if (!lines.length && !photos.length) {
        return true;
      }
      return sendLines(lines).then(function (ok) {
        return ok ? sendPhotos(photos) : false;
      });
    }).then(function (ok) {
      netDown = false; // the server answered
      if (ok) {
        authLost = false;
      }
      return ok;
    }, function () {
      netDown = true; // no answer: try again later
      return false;
    }).then(function (ok) {
      sending = null;
      return show().then(function () {
        if (ok && again) {
          again = false;
          return flush();
        }
        again = false;
        return ok;
      });
    });
    return sending;
  }
  window.congvuFieldFlush = flush; // for tests and the "Gửi ngay" button

  // problem shows (or, with '', clears) why a line's answer was not saved.
  function problem(f, msg) {
    var p = f.querySelector('.fl-problem');
    if (!p) {
      p = document.createElement('p');
      p.className = 'field-error fl-problem';
      p.setAttribute('tabindex', '-1');
      f.insertBefore(p, f.querySelector('button[type=submit]'));
    }
    p.textContent = msg;
    p.hidden = !msg;
    if (msg) {
      p.focus();
    }
  }

  // --- wiring --------------------------------------------------------------
  Array.prototype.forEach.call(root.querySelectorAll('form[data-line-form]'), function (f) {
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      problem(f, '');
      save(f).then(function () {
        return show();
      }).then(function () {
        flush();
        var next = f.closest('[data-line]').nextElementSibling;
        var h = next && next.querySelector('h2');
        if (h) {
          h.setAttribute('tabindex', '-1');
          h.focus();
        }
      }, function (e) {
        if (e && (e.message === 'official' || e.message === 'result')) {
          problem(f, e.message === 'official' ?
            'Không tìm thấy đúng một cán bộ có tên này trong đơn vị: xin chọn trong danh sách gợi ý.' : 'Xin chọn một kết quả.');
          return;
        }
        f.submit(); // storage refused (full, private mode): post the form itself
      });
    });
  });

  // officialID finds the official typed or picked in a line's "official"
  // field among the inspected unit's officials (the page's datalist, also
  // offline): by the label offered, else by a name that matches one only,
  // diacritics ignored. 0 for an empty field, -1 for no or several matches.
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
  }
  var people = Array.prototype.map.call(document.querySelectorAll('#field-officials option'), function (o) {
    return { id: parseInt(o.getAttribute('data-id'), 10), label: fold(o.value), name: fold(o.getAttribute('data-name') || '') };
  });
  function officialID(text) {
    var want = fold(text || '');
    if (!want) {
      return 0;
    }
    var hits = people.filter(function (p) { return p.label === want; });
    if (!hits.length) {
      hits = people.filter(function (p) { return p.name === want; });
    }
    if (!hits.length) {
      hits = people.filter(function (p) { return p.name.indexOf(want) >= 0; });
    }
    return hits.length === 1 ? hits[0].id : -1;
  }

  var send = document.getElementById('field-send');
  if (send) {
    send.hidden = false;
    send.addEventListener('click', function () { flush(); });
  }

  window.addEventListener('online', function () { flush(); });
  window.addEventListener('offline', function () { netDown = true; show(); });
  setInterval(flush, RETRY_MS);

  if (navigator.serviceWorker) {
    navigator.serviceWorker.register(base + '/sw.js', { scope: base }).catch(function () {});
  }

  all().then(function (items) {
    items.forEach(function (it) {
      if (it.kind === 'line') {
        fill(it.data);
      }
    });
    root.setAttribute('data-ready', 'yes');
    return show();
  }).then(flush);
})();
