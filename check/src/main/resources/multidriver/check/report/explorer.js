// The explorer page: draws the lanes of the time window in view from the JSON in #md-data. No network, no libraries.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('md-data').textContent);
  var SPAN_COLOURS = {leader: '#2e7d32', candidate: '#c0ca33', 'pre-candidate': '#e6ee9c', crash: '#c62828',
    pause: '#ef6c00', partition: '#6a1b9a', fault: '#ffb74d', ok: '#1565c0', fail: '#90a4ae', info: '#ffb300',
    heal: '#00897b', failure: '#d50000', down: '#c62828', disk: '#8d6e63', clock: '#5d4037', membership: '#3949ab'};
  var ARROW_COLOURS = {vote: '#8e24aa', append: '#1e88e5', heartbeat: '#9e9e9e', snapshot: '#f4511e',
    'timeout-now': '#d81b60', forward: '#00897b', message: '#616161'};
  var DARK_TEXT = {info: 1, candidate: 1, 'pre-candidate': 1, fail: 1, fault: 1, heal: 0};
  var LEFT = 64, RIGHT = 12, AXIS = 18, MAX_ARROWS_DRAWN = 4000;
  var HEIGHT = {node: 24, client: 16, net: 20};
  var view = document.getElementById('md-view'), svg = document.getElementById('md-chart');
  var t0 = 0, t1 = D.endMs, instant = null, selected = -1;
  var enabled = {};
  D.arrowKinds.forEach(function (k) { enabled[k] = true; });
  var laneTop = [], laneHeight = [], totalHeight = AXIS;
  D.lanes.forEach(function (l, i) {
    laneTop[i] = totalHeight; laneHeight[i] = HEIGHT[l[1]] || 16; totalHeight += laneHeight[i];
  });
  totalHeight += 4;
  // States per lane, in time order, for the panel of the instant picked.
  var statesByLane = {};
  D.states.forEach(function (s) { (statesByLane[s[0]] = statesByLane[s[0]] || []).push(s); });

  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function width() { return Math.max(800, view.clientWidth || 1240); }
  function x(t) { return LEFT + (t - t0) * (width() - LEFT - RIGHT) / (t1 - t0); }
  function timeAt(px) { return t0 + (px - LEFT) * (t1 - t0) / (width() - LEFT - RIGHT); }
  function ms(t) { return (Math.round(t * 1000) / 1000) + ' ms'; }
  function niceStep(range) {
    var p = Math.pow(10, Math.floor(Math.log10(range / 10))), steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) if (range / (steps[i] * p) <= 12) return steps[i] * p;
    return 10 * p;
  }
  function mid(lane) { return laneTop[lane] + laneHeight[lane] / 2; }

  function draw() {
    var w = width(), out = [], step = niceStep(t1 - t0);
    svg.setAttribute('width', w); svg.setAttribute('height', totalHeight);
    out.push('<defs><marker id="md-head" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6"'
      + ' orient="auto"><path d="M0,0L6,3L0,6z" fill="context-stroke"/></marker></defs>');
    for (var g = Math.ceil(t0 / step) * step; g <= t1; g += step) {
      var gx = x(g).toFixed(1);
      out.push('<line x1="' + gx + '" y1="' + AXIS + '" x2="' + gx + '" y2="' + totalHeight + '" stroke="#eee"/>'
        + '<text x="' + (+gx + 2) + '" y="12" fill="#757575">' + esc(ms(g)) + '</text>');
    }
    D.lanes.forEach(function (l, i) {
      out.push('<line x1="0" y1="' + laneTop[i] + '" x2="' + w + '" y2="' + laneTop[i] + '" stroke="#f5f5f5"/>');
    });
    D.spans.forEach(function (s, i) {
      if (s[2] < t0 || s[1] > t1) return;
      var x0 = Math.max(LEFT, x(s[1])), x1 = Math.min(w - RIGHT, x(s[2])), bw = Math.max(1.5, x1 - x0);
      var kind = D.spanKinds[s[3]], top = laneTop[s[0]] + 2, h = laneHeight[s[0]] - 4;
      var cls = (s[5] & 1 ? 'failing ' : '') + (s[5] & 2 ? 'conflict ' : '') + (i === selected ? 'selected' : '');
      var tip = (s[5] & 1 ? 'CANNOT BE LINEARIZED: ' : '') + (s[5] & 2 ? 'concurrent with the failing op: ' : '')
        + s[4] + ' [' + ms(s[1]) + ' – ' + ms(s[2]) + ']' + (s[6] > 0 ? ' · #' + s[6] + ' of the longest linearizable prefix' : '');
      out.push('<g data-i="' + i + '"' + (cls ? ' class="' + cls.trim() + '"' : '') + '><rect x="' + x0.toFixed(1)
        + '" y="' + top + '" width="' + bw.toFixed(1) + '" height="' + h + '" fill="' + (s[5] & 1 ? '#ff1744' : SPAN_COLOURS[kind] || '#757575')
        + '" opacity="0.8"/><title>' + esc(tip) + '</title>');
      var chars = Math.floor((bw - 4) / 6.6);
      if (chars >= 3) {
        var text = s[6] > 0 ? s[6] + ' ' + s[4] : s[4];
        out.push('<text x="' + (x0 + 2).toFixed(1) + '" y="' + (top + h - 3) + '" fill="' + (DARK_TEXT[kind] && !(s[5] & 1) ? '#212121' : '#fff') + '">'
          + esc(text.length > chars ? text.slice(0, chars - 1) + '…' : text) + '</text>');
      }
      out.push('</g>');
    });
    var inView = 0, drawn = 0;
    D.arrows.forEach(function (a) {
      if (!enabled[D.arrowKinds[a[4]]] || a[3] < t0 || a[2] > t1) return;
      inView++;
      if (drawn >= MAX_ARROWS_DRAWN) return;
      drawn++;
      var kind = D.arrowKinds[a[4]], c = ARROW_COLOURS[kind] || '#616161';
      out.push('<line x1="' + x(a[2]).toFixed(1) + '" y1="' + mid(a[0]) + '" x2="' + x(a[3]).toFixed(1) + '" y2="'
        + mid(a[1]) + '" stroke="' + c + '" stroke-width="1" opacity="0.7" marker-end="url(#md-head)"><title>'
        + esc(D.lanes[a[0]][0] + ' → ' + D.lanes[a[1]][0] + ': ' + a[5] + ' (sent ' + ms(a[2]) + ', received '
        + ms(a[3]) + ')') + '</title></line>');
    });
    D.marks.forEach(function (m) {
      if (m[0] < t0 || m[0] > t1) return;
      var mx = x(m[0]).toFixed(1);
      out.push('<line x1="' + mx + '" y1="' + AXIS + '" x2="' + mx + '" y2="' + totalHeight + '" stroke="' + m[2]
        + '" stroke-width="2" stroke-dasharray="4 3"><title>' + esc(m[1] + ' at ' + ms(m[0])) + '</title></line>');
    });
    if (instant !== null && instant >= t0 && instant <= t1) {
      var ix = x(instant).toFixed(1);
      out.push('<line x1="' + ix + '" y1="0" x2="' + ix + '" y2="' + totalHeight + '" stroke="#0d47a1"'
        + ' stroke-width="1.5"/>');
    }
    // Lane labels last, on a white column, so they stay in view whatever the window.
    out.push('<rect x="0" y="0" width="' + (LEFT - 2) + '" height="' + totalHeight + '" fill="#fff"/>');
    D.lanes.forEach(function (l, i) {
      out.push('<text x="4" y="' + (laneTop[i] + laneHeight[i] - 5) + '" fill="#212121">' + esc(l[0]) + '</text>');
    });
    svg.innerHTML = out.join('');
    document.getElementById('md-window').textContent = 'window ' + ms(t0) + ' – ' + ms(t1)
      + (D.arrows.length ? ' · messages in view: ' + inView + (inView > drawn ? ' (first ' + drawn
        + ' drawn: zoom in or untick kinds)' : '') : '');
  }

  function zoom(factor, around) {
    var c = around === undefined ? (t0 + t1) / 2 : around, span = (t1 - t0) * factor;
    span = Math.min(D.endMs, Math.max(span, 0.01));
    t0 = Math.max(0, c - (c - t0) * factor);
    t1 = t0 + span;
    if (t1 > D.endMs) { t1 = D.endMs; t0 = Math.max(0, t1 - span); }
    draw();
  }

  function pick(t) {
    instant = t;
    var nodes = D.lanes.some(function (l) { return l[1] === 'node'; });
    var rows = ['<h2>At ' + esc(ms(t)) + '</h2>' + (nodes ? '<table><tr><th>node</th><th>role</th><th>state</th></tr>' : '')];
    D.lanes.forEach(function (l, i) {
      if (l[1] !== 'node') return;
      var role = '', list = statesByLane[i] || [], state = '';
      D.spans.forEach(function (s) {
        if (s[0] === i && s[1] <= t && s[2] >= t) role += (role ? ', ' : '') + s[4];
      });
      var lo = 0, hi = list.length - 1, found = -1;
      while (lo <= hi) { var m = (lo + hi) >> 1; if (list[m][1] <= t) { found = m; lo = m + 1; } else hi = m - 1; }
      if (found >= 0) state = list[found][2] + ' (since ' + ms(list[found][1]) + ')';
      rows.push('<tr><td>' + esc(l[0]) + '</td><td>' + esc(role || 'follower') + '</td><td>' + esc(state) + '</td></tr>');
    });
    var flying = [];
    D.spans.forEach(function (s) {
      if (D.lanes[s[0]][1] === 'client' && s[1] <= t && s[2] >= t && flying.length < 30) {
        flying.push(D.lanes[s[0]][0] + ': ' + s[4]);
      }
    });
    if (nodes) rows.push('</table>');
    if (flying.length) rows.push('<p>Client ops in flight: ' + esc(flying.join(' · ')) + '</p>');
    document.getElementById('md-instant').innerHTML = rows.join('');
    draw();
  }

  function inViewport(el) {
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight;
  }

  function jump(spanIndex) {
    var s = D.spans[spanIndex];
    if (!s) return;
    var d = Math.max(s[2] - s[1], D.endMs / 400, 0.01);
    t0 = Math.max(0, s[1] - 3 * d); t1 = Math.min(D.endMs, s[2] + 3 * d);
    if (t1 <= t0) t1 = t0 + d;
    selected = spanIndex;
    pick(s[1]);
    var el = svg.querySelector('g[data-i="' + spanIndex + '"]');
    if (!el) return;
    // The chart's top at the top of the window (its axis and the first lanes in view), unless the op is lower.
    view.scrollIntoView({block: 'start'});
    if (!inViewport(el)) el.scrollIntoView({block: 'center', inline: 'nearest'});
    el.classList.remove('flash'); void el.getBBox(); el.classList.add('flash');
    if (D.spans[spanIndex][5] & 1) document.body.dataset.failVisible = String(inViewport(el));
  }

  function jumpToMark(k) {
    var m = D.marks[k];
    if (!m) return;
    var d = Math.max(D.endMs / 40, 1);
    t0 = Math.max(0, m[0] - 0.8 * d); t1 = Math.min(D.endMs, m[0] + 0.2 * d);
    if (t1 <= t0) t1 = t0 + d;
    pick(m[0]);
    view.scrollIntoView({block: 'start'});
  }

  // ---- the static parts: notes, failure, jumps, controls, explanation, legend ----
  document.getElementById('md-notes').innerHTML = D.notes.map(function (n) { return '<p>' + esc(n) + '</p>'; }).join('');
  var failure = document.getElementById('md-failure');
  if (D.failure) failure.textContent = 'Failure: ' + D.failure; else failure.style.display = 'none';
  document.getElementById('md-jumps').innerHTML = D.jumps.length ? 'Jump to: ' + D.jumps.map(function (s, k) {
    return '<a class="jump" href="' + (k === 0 && (D.spans[s][5] & 1) ? '#fail' : '#op-' + s) + '" data-span="' + s + '">'
      + esc(D.jumpLabels[k] + ' (' + D.lanes[D.spans[s][0]][0] + ': ' + D.spans[s][4] + ')') + '</a>';
  }).join(' ') : '';
  if (D.marks.length) {
    document.getElementById('md-jumps').innerHTML += (D.jumps.length ? ' · ' : 'Jump to: ') + D.marks.map(function (m, k) {
      return '<a class="mark-jump" href="#mark-' + k + '" data-mark="' + k + '">' + esc(m[1] + ' (' + ms(m[0]) + ')')
        + '</a>';
    }).join(' ');
  }
  var controls = '<button id="md-in" title="zoom in (or the mouse wheel)">+</button><button id="md-out">−</button>'
    + '<button id="md-all">whole run</button> ';
  D.arrowKinds.forEach(function (k) {
    controls += '<label><input type="checkbox" data-kind="' + esc(k) + '" checked> <span style="color:'
      + (ARROW_COLOURS[k] || '#616161') + '">' + esc(k) + '</span></label>';
  });
  controls += '<span id="md-window"></span><br><small>drag to pan · wheel to zoom · click for the state at an instant'
    + '</small>';
  document.getElementById('md-controls').innerHTML = controls;
  document.getElementById('md-in').onclick = function () { zoom(0.5); };
  document.getElementById('md-out').onclick = function () { zoom(2); };
  document.getElementById('md-all').onclick = function () { t0 = 0; t1 = D.endMs; draw(); };
  document.querySelectorAll('#md-controls input[data-kind]').forEach(function (box) {
    box.onchange = function () { enabled[box.dataset.kind] = box.checked; draw(); };
  });
  var explain = [];
  if (D.prefixLength > 0 || D.reachableStates.length) {
    explain.push('<h2>What the checker found</h2><p>The longest linearizable prefix has ' + D.prefixLength
      + ' ops (their numbers are on the bars); after it the model can be in: <code>'
      + esc(D.reachableStates.join(', ')) + '</code>, and none of those states allows the failing op.</p>');
    var prefix = [];
    D.spans.forEach(function (s, i) { if (s[6] > 0) prefix.push([s[6], i]); });
    prefix.sort(function (a, b) { return a[0] - b[0]; });
    explain.push('<details><summary>The prefix, in order (' + prefix.length + ' drawn)</summary><ol>'
      + prefix.slice(-400).map(function (p) {
        return '<li value="' + p[0] + '"><a href="#op-' + p[1] + '" class="jump" data-span="' + p[1] + '">'
          + esc(D.lanes[D.spans[p[1]][0]][0] + ': ' + D.spans[p[1]][4]) + '</a></li>';
      }).join('') + '</ol></details>');
  }
  var dropped = D.dropped;
  if (dropped.spans || dropped.arrows || dropped.states) {
    explain.push('<p>Not drawn (the page is bounded): ' + dropped.spans + ' spans, ' + dropped.arrows + ' messages, '
      + dropped.states + ' state lines.</p>');
  }
  document.getElementById('md-explain').innerHTML = explain.join('');
  document.getElementById('md-legend').innerHTML = 'Bars: ' + D.spanKinds.map(function (k) {
    return '<span class="k" style="background:' + (SPAN_COLOURS[k] || '#757575') + '"></span>' + esc(k);
  }).join('') + ' · red outline: cannot be linearized · dashed orange: concurrent with it · numbers: position in'
    + ' the longest linearizable prefix · dashed lines: marks (hover them)';
  document.querySelectorAll('a.jump').forEach(function (a) {
    a.addEventListener('click', function (e) { e.preventDefault(); jump(+a.dataset.span); });
  });
  document.querySelectorAll('a.mark-jump').forEach(function (a) {
    a.addEventListener('click', function (e) { e.preventDefault(); jumpToMark(+a.dataset.mark); });
  });
  // #kinds=vote,append in the address ticks only those message kinds (for links and screenshots).
  var wanted = /kinds=([^&]*)/.exec(location.hash);
  if (wanted) {
    var list = decodeURIComponent(wanted[1]).split(',');
    document.querySelectorAll('#md-controls input[data-kind]').forEach(function (box) {
      box.checked = list.indexOf(box.dataset.kind) >= 0; enabled[box.dataset.kind] = box.checked;
    });
  }

  // ---- the mouse: drag pans, a click picks the instant, the wheel zooms around the pointer ----
  var dragX = null, dragT0 = 0, moved = false;
  svg.addEventListener('mousedown', function (e) { dragX = e.clientX; dragT0 = t0; moved = false; });
  window.addEventListener('mousemove', function (e) {
    if (dragX === null) return;
    var dx = e.clientX - dragX;
    if (Math.abs(dx) > 3) moved = true;
    if (!moved) return;
    var span = t1 - t0, shift = dx * span / (width() - LEFT - RIGHT);
    t0 = Math.min(Math.max(0, dragT0 - shift), D.endMs - span); t1 = t0 + span;
    draw();
  });
  window.addEventListener('mouseup', function (e) {
    if (dragX !== null && !moved) {
      var box = svg.getBoundingClientRect(), hit = e.target.closest ? e.target.closest('g[data-i]') : null;
      if (hit) selected = +hit.dataset.i;
      pick(timeAt(e.clientX - box.left));
    }
    dragX = null;
  });
  svg.addEventListener('wheel', function (e) {
    e.preventDefault();
    var box = svg.getBoundingClientRect();
    zoom(e.deltaY > 0 ? 1.25 : 0.8, timeAt(e.clientX - box.left));
  }, {passive: false});
  window.addEventListener('resize', draw);

  draw();
  window.addEventListener('load', function () {
    document.body.dataset.loadMs = String(Math.round(performance.now()));
    var first = D.jumps.length && (D.spans[D.jumps[0]][5] & 1) ? D.jumps[0] : -1;
    if (first >= 0) {
      var el = svg.querySelector('g[data-i="' + first + '"]');
      document.body.dataset.failVisibleAtLoad = String(!!el && inViewport(el));
    }
    var h = location.hash.replace(/[&]?kinds=[^&]*/, '');
    var failureMark = -1;
    D.marks.forEach(function (m, k) { if (m[1] === 'failure detected') failureMark = k; });
    if (h.indexOf('#fail') === 0 && first >= 0) jump(first);
    else if (h.indexOf('#fail') === 0 && failureMark >= 0) jumpToMark(failureMark);
    else if (h.indexOf('#op-') === 0) jump(parseInt(h.slice(4), 10));
    else if (h.indexOf('#mark-') === 0) jumpToMark(parseInt(h.slice(6), 10));
  });
})();
