// Công vụ — kiosk mode. The project's own script; every kiosk page also
// works without it (plain links and form posts, a meta refresh).
//
// With it, the kiosk runs in its start page: choosing an official shows the
// rating form carried in a <template>, submitting shows the thanks, and
// after a few seconds the start screen returns — no page load, so the
// kiosk goes on working while the network is down.
//
// Each rating is put in a queue in localStorage with a random idempotency
// key, then sent as JSON to /kiosk/{key}/ratings. It leaves the queue only
// when the server has answered for it (stored, or refused for good); on a
// network or server error it stays, and is sent again when the network
// returns (the "online" event) and every 20 seconds. The server stores one
// rating per idempotency key, so a rating sent twice counts once.
(function () {
  'use strict';
  var base = document.body && document.body.getAttribute('data-kiosk');
  if (!base || !window.fetch || !window.localStorage || !window.JSON || !window.Promise) {
    return;
  }
  var QUEUE = 'congvu.kiosk.queue:' + base;
  var MAX_QUEUE = 5000;
  var RETRY_MS = 20000;
  var IDLE_MS = 120000;
  var RESET_MS = 5000;
  var RELOAD_MS = 30 * 60000;
  var loadedAt = Date.now();

  function load() {
    try {
      var q = JSON.parse(localStorage.getItem(QUEUE) || '[]');
      return Array.isArray(q) ? q : [];
    } catch (e) {
      return [];
    }
  }

  function save(q) {
    try {
      localStorage.setItem(QUEUE, JSON.stringify(q.slice(-MAX_QUEUE)));
      return true;
    } catch (e) {
      return false;
    }
  }

  function remove(key) {
    save(load().filter(function (r) { return r.idempotency_key !== key; }));
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = '';
    for (var i = 0; i < b.length; i++) {
      h += (b[i] + 0x100).toString(16).slice(1);
      if (i === 3 || i === 5 || i === 7 || i === 9) {
        h += '-';
      }
    }
    return h;
  }

  // settled reports whether an answer settles a rating: stored (2xx), or
  // refused in a way that sending it again cannot change (bad data, a limit
  // that recorded the refusal, a dossier already rated).
  function settled(status) {
    return (status >= 200 && status < 300) || status === 400 || status === 409 || status === 413 || status === 422 || status === 429;
  }

  function showQueue() {
    var el = document.getElementById('queue-status');
    if (!el) {
      return;
    }
    var n = load().length;
    el.hidden = n === 0;
    el.textContent = n === 0 ? '' : 'Đang chờ gửi ' + n + ' đánh giá: máy sẽ tự gửi khi có mạng.';
  }

  var sending = null;
  var again = false;

  // flush sends the queued ratings one by one, oldest first, and stops at
  // the first that cannot be sent now.
  function flush() {
    if (sending) {
      again = true;
      return sending;
    }
    sending = new Promise(function (resolve) {
      var q = load();
      var i = 0;
      function next() {
        if (i >= q.length) {
          resolve(true);
          return;
        }
        var r = q[i++];
        fetch(base + '/ratings', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(r),
          credentials: 'same-origin',
          cache: 'no-store'
        }).then(function (res) {
          if (settled(res.status)) {
            remove(r.idempotency_key);
            next();
          } else {
            resolve(false);
          }
        }, function () {
          resolve(false);
        });
      }
      next();
    }).then(function (ok) {
      sending = null;
      showQueue();
      if (ok && again) {
        again = false;
        return flush();
      }
      again = false;
      return ok;
    });
    return sending;
  }

  // rating reads a rating form into the JSON the server takes.
  function rating(form) {
    var fd = new FormData(form);
    var r = {
      idempotency_key: uuid(),
      satisfaction: fd.get('satisfaction') || '',
      answers: {},
      comment: fd.get('comment') || '',
      dossier_code: fd.get('dossier_code') || '',
      contact: fd.get('contact') || '',
      website: fd.get('website') || '',
      fill_ms: Date.now() - (form.congvuOpened || loadedAt)
    };
    var official = parseInt(fd.get('can-bo') || '0', 10);
    if (official > 0) {
      r.official_id = official;
    }
    fd.forEach(function (v, k) {
      if (k.indexOf('a-') === 0 && (v === 'co' || v === 'khong')) {
        r.answers[k.slice(2)] = v === 'co';
      }
    });
    return r;
  }

  var main = document.getElementById('main');
  var pick = document.getElementById('kiosk-pick');
  var formTpl = document.getElementById('kiosk-form');
  var thanksTpl = document.getElementById('kiosk-thanks');
  var pageForm = document.querySelector('form[data-kiosk-form]'); // not in a <template>
  var view = null; // the form or thanks screen shown over the start screen
  var idle = null;
  var reset = null;

  function clearView() {
    clearTimeout(idle);
    clearTimeout(reset);
    if (view) {
      view.parentNode.removeChild(view);
      view = null;
    }
  }

  // start returns to the start screen (in the page when there is one).
  function start() {
    if (!pick) {
      location.href = base;
      return;
    }
    clearView();
    pick.hidden = false;
    window.scrollTo(0, 0);
    showQueue();
  }

  function watchIdle() {
    clearTimeout(idle);
    idle = setTimeout(start, IDLE_MS);
  }

  function thank() {
    if (!thanksTpl) {
      location.href = base + '/cam-on';
      return;
    }
    clearView();
    if (pick) {
      pick.hidden = true;
    }
    Array.prototype.forEach.call(main.children, function (c) {
      if (c.tagName !== 'TEMPLATE' && c !== pick) {
        c.hidden = true;
      }
    });
    view = document.createElement('div');
    view.appendChild(thanksTpl.content.cloneNode(true));
    main.appendChild(view);
    var back = view.querySelector('[data-reset]');
    if (back) {
      back.addEventListener('click', function (ev) {
        if (pick) {
          ev.preventDefault();
          start();
        }
      });
    }
    window.scrollTo(0, 0);
    reset = setTimeout(function () {
      if (pick) {
        start();
      } else if (navigator.onLine) {
        location.href = base;
      } else {
        // Offline on a form page: take the next rating here.
        clearView();
        Array.prototype.forEach.call(main.children, function (c) {
          c.hidden = false;
        });
        pageForm.reset();
        pageForm.congvuOpened = Date.now();
        window.scrollTo(0, 0);
      }
    }, RESET_MS);
  }

  // wire makes a rating form queue its rating instead of posting it.
  function wire(form) {
    form.congvuOpened = Date.now();
    var key = form.querySelector('input[name=k]');
    if (key) {
      key.value = uuid(); // for the fallback post below
    }
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (!save(load().concat([rating(form)]))) {
        form.submit(); // storage full or blocked: post the form itself
        return;
      }
      flush();
      thank();
    });
    form.addEventListener('input', watchIdle);
    form.addEventListener('change', watchIdle);
    watchIdle();
  }

  // showForm shows the rating form for the official of a start-screen link
  // (or the unit as a whole).
  function showForm(link) {
    clearView();
    view = document.createElement('div');
    view.appendChild(formTpl.content.cloneNode(true));
    var id = link.getAttribute('data-official');
    var name = link.getAttribute('data-name');
    var form = view.querySelector('form');
    form.querySelector('input[name=can-bo]').value = id === '0' ? '' : id;
    if (name) {
      var who = view.querySelector('.who');
      who.querySelector('.kicker').textContent = 'Anh/chị đang đánh giá cán bộ';
      var h = who.querySelector('h1');
      var unit = h.textContent;
      h.textContent = name;
      var position = link.getAttribute('data-position');
      var after = h;
      if (position) {
        var p = document.createElement('p');
        p.className = 'pos';
        p.textContent = position;
        after.insertAdjacentElement('afterend', p);
        after = p;
      }
      var u = document.createElement('p');
      u.className = 'unit';
      u.textContent = unit;
      after.insertAdjacentElement('afterend', u);
    }
    var back = view.querySelector('a.back');
    if (back) {
      back.addEventListener('click', function (ev) {
        ev.preventDefault();
        start();
      });
    }
    pick.hidden = true;
    main.appendChild(view);
    window.scrollTo(0, 0);
    wire(form);
  }

  if (pick && formTpl) {
    pick.addEventListener('click', function (ev) {
      var a = ev.target.closest ? ev.target.closest('a[data-official]') : null;
      if (a) {
        ev.preventDefault();
        showForm(a);
      }
    });
    // A kiosk stays open for days: fetch a fresh start page (the list of
    // officials) now and then, when idle on the start screen and online.
    setInterval(function () {
      if (!view && navigator.onLine && Date.now() - loadedAt > RELOAD_MS) {
        location.reload();
      }
    }, 60000);
  }
  if (pageForm) {
    wire(pageForm); // the form page reached by a link (no start screen here)
  }

  window.addEventListener('online', flush);
  setInterval(flush, RETRY_MS);
  showQueue();
  flush();
})();
