// OrderLens live report: the swim lanes on a canvas and a crash marker the reader can drag.
// Every write's state as a function of crash time comes from the analysis (StateTimeline):
// this script only looks states up, it never decides one. No network, no libraries.
(function () {
  "use strict";
  var LABEL_W = 150, RULER_H = 22, ROW_H = 12, ROW_GAP = 2, LANE_GAP = 6, MAX_ROWS = 6;
  var hdr = JSON.parse(document.getElementById("ol-live-header").textContent);
  var api = { ready: null, timings: { script: performance.now() } };
  window.orderlens = api;
  function mark(name) { api.timings[name] = performance.now(); }
  // The report's later sections (class "later": the crash tables, findings) wait unlaid-out while
  // the page opens; after that they are laid out when scrolled near (content-visibility).
  document.documentElement.classList.add("ol-opening");

  // base64 → gzip bytes → the columns. The bytes go to the decompressor as one chunk of a stream
  // made here: a Blob's stream would be read back through the browser process in small pieces,
  // which took most of the opening time of a 10^6-request report.
  function unpack(b64) {
    var bytes;
    if (Uint8Array.fromBase64) {
      bytes = Uint8Array.fromBase64(b64.trim()); // native (Chromium 140+, Firefox 133+)
    } else {
      var s = atob(b64.trim());
      bytes = new Uint8Array(s.length);
      for (var i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    }
    mark("bytes");
    var source = new ReadableStream({ start: function (c) { c.enqueue(bytes); c.close(); } });
    return new Response(source.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  }

  // The columns are LEB128 varints, one column after the other (LiveReport.columns): deltas of
  // submit times, sectors and ids (zig-zag), durations, and per write its state changes as a
  // count, then instants as deltas. Decoded once into typed arrays; numbers above 2^31 are built
  // with arithmetic, not bit operators (those are 32-bit in JavaScript).
  function columns(buf) {
    var n = hdr.rows, m = hdr.changes, bytes = new Uint8Array(buf), off = 0, c = {};
    function next() {
      var b = bytes[off++];
      if (b < 128) return b;
      var v = b & 127, mul = 128;
      do { b = bytes[off++]; v += (b & 127) * mul; mul *= 128; } while (b >= 128);
      return v;
    }
    function signed(v) { return v % 2 === 0 ? v / 2 : -(v + 1) / 2; }
    var r, prev = 0, d;
    c.submit = new Float64Array(n);
    for (r = 0; r < n; r++) { prev += signed(next()); c.submit[r] = prev; }
    c.complete = new Float64Array(n);
    for (r = 0; r < n; r++) { d = next(); c.complete[r] = d === 0 ? -1 : c.submit[r] + signed(d - 1); }
    c.sector = new Float64Array(n);
    for (r = 0, prev = 0; r < n; r++) { prev += signed(next()); c.sector[r] = prev; }
    c.count = new Uint32Array(n);
    for (r = 0; r < n; r++) c.count[r] = next();
    c.id = new Uint32Array(n);
    for (r = 0, prev = 0; r < n; r++) { prev += signed(next()); c.id[r] = prev; }
    c.lane = new Uint16Array(n);
    for (r = 0; r < n; r++) c.lane[r] = next();
    c.op = new Uint8Array(n);
    for (r = 0; r < n; r++) c.op[r] = next();
    c.layer = new Uint8Array(n);
    for (r = 0; r < n; r++) c.layer[r] = next();
    c.changeStart = new Uint32Array(n + 1);
    for (r = 0; r < n; r++) c.changeStart[r + 1] = c.changeStart[r] + next();
    c.changeAt = new Float64Array(m);
    for (r = 0; r < n; r++) {
      var t = c.submit[r];
      for (var j = c.changeStart[r]; j < c.changeStart[r + 1]; j++) { t += next(); c.changeAt[j] = t; }
    }
    c.changeState = new Uint8Array(m);
    for (j = 0; j < m; j++) c.changeState[j] = next();
    return c;
  }

  api.ready = unpack(document.getElementById("ol-live-data").textContent).then(function (buf) {
    mark("unpacked");
    var c = columns(buf);
    mark("decoded");
    start(c);
  });

  function start(c) {
    var n = hdr.rows;
    var canvas = document.getElementById("ol-canvas"), ctx = canvas.getContext("2d");
    var slider = document.getElementById("ol-slider");
    var t0 = hdr.startNs, t1 = Math.max(hdr.endNs, hdr.startNs + 1);
    var crashT = hdr.crash.atNs, selected = -1, frame = 0;

    // Lanes: rows of each lane in submit order (typed arrays, no object per request), packed into
    // sub-rows so overlaps stay visible.
    var lanes = hdr.lanes.map(function (l, i) { return { i: i, name: l.name, layer: l.layer, rows: null, sub: null, maxDur: 0, nsub: 1, y: 0 }; });
    var perLane = new Uint32Array(lanes.length), r;
    for (r = 0; r < n; r++) perLane[c.lane[r]]++;
    lanes.forEach(function (l) { l.rows = new Uint32Array(perLane[l.i]); l.sub = new Uint8Array(perLane[l.i]); });
    perLane.fill(0);
    for (r = 0; r < n; r++) { var ln = c.lane[r]; lanes[ln].rows[perLane[ln]++] = r; }
    var y = RULER_H + 4;
    var byLayer = lanes.slice().sort(function (a, b) { return a.layer - b.layer || a.i - b.i; });
    byLayer.forEach(function (l) {
      var ends = new Float64Array(MAX_ROWS), used = 0, rows = l.rows, maxDur = 0;
      for (var k = 0; k < rows.length; k++) {
        var r = rows[k], done = c.complete[r], end = done < 0 ? hdr.endNs : done;
        if (end - c.submit[r] > maxDur) maxDur = end - c.submit[r];
        if (done < 0) { l.sub[k] = 0; continue; } // never completed: a thin line on top
        var s = 0;
        while (s < used && ends[s] > c.submit[r]) s++;
        if (s >= MAX_ROWS) s = MAX_ROWS - 1;
        if (s >= used) used = s + 1;
        if (end > ends[s]) ends[s] = end;
        l.sub[k] = s;
      }
      l.maxDur = maxDur;
      l.nsub = Math.max(1, Math.min(MAX_ROWS, used));
      l.y = y;
      y += l.nsub * (ROW_H + ROW_GAP) + LANE_GAP;
    });
    var height = y + 4;

    function stateOf(r, t) {
      var lo = c.changeStart[r], hi = c.changeStart[r + 1] - 1, found = -1;
      while (lo <= hi) {
        var mid = (lo + hi) >>> 1;
        if (c.changeAt[mid] <= t) { found = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return found < 0 ? (c.changeStart[r] < c.changeStart[r + 1] ? 1 : 0) : c.changeState[found];
    }
    function segmentOf(r, t) {
      var k = -1;
      for (var j = c.changeStart[r]; j < c.changeStart[r + 1] && c.changeAt[j] <= t; j++) k = j - c.changeStart[r];
      return k;
    }
    function covered(r) { return c.changeStart[r] < c.changeStart[r + 1]; }
    function name(r) { return hdr.layers[c.layer[r]].id + "#" + c.id[r]; }
    function fmt(ns) { return (ns / 1e9).toFixed(9).replace(/0{1,5}$/, "") + " s"; }

    function width() { return canvas.width - LABEL_W; }
    function xOf(t) { return LABEL_W + (t - t0) / (t1 - t0) * width(); }
    function tOf(x) { return t0 + (x - LABEL_W) / width() * (t1 - t0); }

    function resize() {
      var w = Math.max(400, canvas.parentNode.clientWidth);
      canvas.width = w; canvas.height = height;
      canvas.style.width = w + "px"; canvas.style.height = height + "px";
    }

    function draw() {
      frame = 0;
      ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
      ruler();
      byLayer.forEach(drawLane);
      if (api.decorate) api.decorate(ctx, xOf, canvas.height); // bookmarks (live-bookmarks.js)
      var x = xOf(crashT);
      ctx.fillStyle = "#d1242f"; ctx.fillRect(Math.round(x) - 1, 0, 2, canvas.height);
      ctx.font = "11px sans-serif"; ctx.fillText("crash", Math.round(x) + 4, 11);
      document.getElementById("ol-time").textContent = "crash at " + fmt(crashT) + " · " + hdr.crash.kind + ", cache=" + hdr.crash.cacheMode;
      slider.value = String(Math.round((crashT - hdr.startNs) / Math.max(1, hdr.endNs - hdr.startNs) * 1e6));
    }

    function ruler() {
      ctx.fillStyle = "#57606a"; ctx.font = "11px sans-serif";
      var span = t1 - t0, step = Math.pow(10, Math.floor(Math.log10(span / 8)));
      if (span / step > 16) step *= 5; else if (span / step > 8) step *= 2;
      for (var t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
        var x = Math.round(xOf(t));
        ctx.fillRect(x, RULER_H - 6, 1, 6);
        ctx.fillText(fmt(t), x + 2, RULER_H - 8);
      }
      ctx.fillRect(LABEL_W, RULER_H, width(), 1);
    }

    function drawLane(l) {
      ctx.fillStyle = "#1f2328"; ctx.font = "12px sans-serif";
      ctx.fillText((hdr.layers[l.layer].id + " " + l.name).slice(0, 22), 4, l.y + ROW_H);
      ctx.fillStyle = "#eef1f4";
      ctx.fillRect(LABEL_W, l.y - 1, width(), l.nsub * (ROW_H + ROW_GAP));
      var rows = l.rows, from = t0 - l.maxDur, lo = 0, hi = rows.length;
      while (lo < hi) { var mid = (lo + hi) >>> 1; if (c.submit[rows[mid]] < from) lo = mid + 1; else hi = mid; }
      var lastX = new Float64Array(MAX_ROWS).fill(-1), style = null;
      for (var k = lo; k < rows.length; k++) {
        var r = rows[k];
        if (c.submit[r] > t1) break;
        var end = c.complete[r] < 0 ? hdr.endNs : c.complete[r];
        // whole pixels: a request whose last pixel column is drawn already adds nothing
        var x0 = Math.floor(Math.max(LABEL_W, xOf(c.submit[r])));
        var x1 = Math.max(x0 + 1, Math.ceil(Math.min(canvas.width, xOf(end))));
        var s = l.sub[k];
        if (x1 <= LABEL_W || x1 - 1 <= lastX[s]) continue;
        var w = x1 - x0;
        var colour = covered(r) ? hdr.states[stateOf(r, crashT)].colour : hdr.ops[c.op[r]].colour;
        if (colour !== style) { ctx.fillStyle = colour; style = colour; } // parsing a colour costs more than a fill
        if (c.complete[r] < 0) { // never completed in the trace: faint, and no pixel claimed
          ctx.globalAlpha = 0.35;
          ctx.fillRect(x0, l.y + s * (ROW_H + ROW_GAP), w, 3);
          ctx.globalAlpha = 1;
          continue;
        }
        ctx.fillRect(x0, l.y + s * (ROW_H + ROW_GAP), w, ROW_H);
        if (r === selected) {
          ctx.strokeStyle = "#1f2328"; ctx.lineWidth = 2;
          ctx.strokeRect(x0, l.y + s * (ROW_H + ROW_GAP), w, ROW_H);
        }
        lastX[s] = Math.max(x1 - 1, lastX[s]);
      }
    }

    // Counts as a step function of crash time: per state, the instants writes enter it and leave
    // it, each sorted (natively: no comparator); the count at t is the writes in it before any
    // change plus those entered by t minus those left by t, two binary searches per state.
    var nstates = hdr.states.length, initial = new Int32Array(nstates), enter = [], leave = [];
    var counted = false;
    function prepareCounts() {
      var nin = new Int32Array(nstates), nout = new Int32Array(nstates);
      for (var r = 0; r < n; r++) {
        if (!covered(r)) continue;
        initial[1]++; // NOT_ISSUED before the first change
        var prev = 1;
        for (var j = c.changeStart[r]; j < c.changeStart[r + 1]; j++) { nout[prev]++; prev = c.changeState[j]; nin[prev]++; }
      }
      for (var s = 0; s < nstates; s++) { enter.push(new Float64Array(nin[s])); leave.push(new Float64Array(nout[s])); }
      nin.fill(0); nout.fill(0);
      for (r = 0; r < n; r++) {
        prev = 1;
        for (j = c.changeStart[r]; j < c.changeStart[r + 1]; j++) {
          leave[prev][nout[prev]++] = c.changeAt[j];
          prev = c.changeState[j];
          enter[prev][nin[prev]++] = c.changeAt[j];
        }
      }
      for (s = 0; s < nstates; s++) { enter[s].sort(); leave[s].sort(); }
      counted = true;
    }

    /** How many of the sorted instants are at or before t. */
    function upTo(sorted, t) {
      var lo = 0, hi = sorted.length;
      while (lo < hi) { var mid = (lo + hi) >>> 1; if (sorted[mid] <= t) lo = mid + 1; else hi = mid; }
      return lo;
    }

    function counts(t) {
      var out = {};
      hdr.states.forEach(function (s, code) {
        if (s.count) out[s.count] = initial[code] + upTo(enter[code], t) - upTo(leave[code], t);
      });
      return out;
    }

    function showCounts() {
      if (!counted) return; // still preparing: shown once ready
      var k = counts(crashT), box = document.getElementById("ol-counts");
      box.textContent = "";
      hdr.states.forEach(function (s) {
        if (!s.count) return;
        var span = document.createElement("span");
        span.className = "ol-chip";
        span.style.background = s.colour;
        span.dataset.state = s.name;
        span.textContent = s.name + " " + k[s.count];
        box.appendChild(span);
      });
      var list = document.getElementById("ol-atrisk");
      list.textContent = "";
      var table = document.createElement("table"), head = table.insertRow();
      ["write", "state", "op", "sectors", "submit", "complete"].forEach(function (h) {
        var th = document.createElement("th"); th.textContent = h; head.appendChild(th);
      });
      var shown = 0, total = 0;
      hdr.states.forEach(function (s) { if (s.atRisk) total += k[s.count]; });
      for (var r = 0; r < n && shown < 100 && shown < total; r++) {
        if (!covered(r)) continue;
        var st = hdr.states[stateOf(r, crashT)];
        if (!st.atRisk) continue;
        shown++;
        var tr = table.insertRow();
        tr.dataset.row = String(r);
        [name(r), st.name, hdr.ops[c.op[r]].name, c.sector[r] + " + " + c.count[r], fmt(c.submit[r]),
         c.complete[r] < 0 ? "never" : fmt(c.complete[r])].forEach(function (v) { tr.insertCell().textContent = v; });
        tr.addEventListener("click", select.bind(null, r));
      }
      var cap = document.createElement("p");
      cap.id = "ol-atrisk-count";
      cap.textContent = total + " at-risk write" + (total === 1 ? "" : "s") + (total > shown ? " (first " + shown + " shown)" : "");
      list.appendChild(cap);
      if (shown) list.appendChild(table);
    }

    function select(r) {
      selected = r;
      var box = document.getElementById("ol-why");
      box.textContent = "";
      if (r < 0) return;
      var h = document.createElement("h3");
      var st = covered(r) ? hdr.states[stateOf(r, crashT)].name : hdr.ops[c.op[r]].name;
      h.textContent = name(r) + " — " + hdr.ops[c.op[r]].name + " " + c.sector[r] + " + " + c.count[r] + ": " + st;
      box.appendChild(h);
      var p = document.createElement("pre");
      var k = segmentOf(r, crashT);
      p.textContent = !covered(r) ? "not a write: no fate at a crash"
        : k < 0 ? "submitted after the crash"
        : hdr.reasoned ? hdr.reasons[r][k]
        : "this report is too large to carry every Why? chain: orderlens analyze --crash-at " + (crashT / 1e9) + " --why " + name(r);
      box.appendChild(p);
      // The chain carried is the one at the instant this state began: the state holds up to the
      // next change, but the chain's times (the crash, what had completed) are that instant's.
      if (covered(r) && k >= 0 && hdr.reasoned) {
        var j = c.changeStart[r] + k, from = c.changeAt[j];
        if (from !== crashT) {
          var note = document.createElement("p");
          note.className = "ol-why-note";
          note.textContent = "The chain as of " + fmt(from) + ", where this state begins; the state holds "
            + (j + 1 < c.changeStart[r + 1] ? "until " + fmt(c.changeAt[j + 1]) : "from then on")
            + ". At the marker itself: orderlens analyze --crash-at " + (crashT / 1e9) + " --why " + name(r);
          box.appendChild(note);
        }
      }
      schedule();
    }

    function schedule() {
      if (!frame) frame = requestAnimationFrame(function () { draw(); showCounts(); });
    }
    function setCrash(t) {
      crashT = Math.max(hdr.startNs, Math.min(hdr.endNs, t));
      if (selected >= 0) select(selected); else schedule();
    }
    function zoom(factor, atX) {
      var tc = tOf(atX), span = Math.max(1000, (t1 - t0) * factor);
      t0 = tc - (atX - LABEL_W) / width() * span; t1 = t0 + span;
      schedule();
    }
    function hit(x, y) {
      var t = tOf(x), tol = (t1 - t0) / width() * 2;
      for (var i = 0; i < lanes.length; i++) {
        var l = lanes[i], s = Math.floor((y - l.y) / (ROW_H + ROW_GAP));
        if (s < 0 || s >= l.nsub) continue;
        for (var k = 0; k < l.rows.length; k++) {
          var r = l.rows[k];
          if (l.sub[k] !== s || c.submit[r] > t + tol) continue;
          var end = c.complete[r] < 0 ? hdr.endNs : c.complete[r];
          if (end >= t - tol) return r;
        }
      }
      return -1;
    }

    var drag = null;
    canvas.addEventListener("mousedown", function (e) {
      var x = e.offsetX;
      drag = Math.abs(x - xOf(crashT)) <= 6 ? { marker: true } : { x: x, t0: t0, t1: t1, moved: false };
      e.preventDefault();
    });
    window.addEventListener("mousemove", function (e) {
      if (!drag) return;
      var x = e.clientX - canvas.getBoundingClientRect().left;
      if (drag.marker) { setCrash(tOf(x)); return; }
      var dt = (x - drag.x) / width() * (drag.t1 - drag.t0);
      if (Math.abs(x - drag.x) > 2) drag.moved = true;
      t0 = drag.t0 - dt; t1 = drag.t1 - dt; schedule();
    });
    window.addEventListener("mouseup", function (e) {
      if (drag && !drag.marker && !drag.moved) {
        var rect = canvas.getBoundingClientRect();
        select(hit(e.clientX - rect.left, e.clientY - rect.top));
      }
      drag = null;
    });
    canvas.addEventListener("wheel", function (e) {
      e.preventDefault();
      zoom(e.deltaY > 0 ? 1.25 : 0.8, e.offsetX);
    }, { passive: false });
    canvas.tabIndex = 0;
    canvas.addEventListener("keydown", function (e) {
      var px = (t1 - t0) / width();
      if (e.key === "+" || e.key === "=") zoom(0.8, xOf(crashT));
      else if (e.key === "-") zoom(1.25, xOf(crashT));
      else if (e.key === "0") { t0 = hdr.startNs; t1 = Math.max(hdr.endNs, t0 + 1); schedule(); }
      else if (e.key === "ArrowLeft") setCrash(crashT - px * (e.shiftKey ? 20 : 1));
      else if (e.key === "ArrowRight") setCrash(crashT + px * (e.shiftKey ? 20 : 1));
      else return;
      e.preventDefault();
    });
    slider.addEventListener("input", function () {
      setCrash(hdr.startNs + Number(slider.value) / 1e6 * (hdr.endNs - hdr.startNs));
    });
    window.addEventListener("resize", function () { resize(); schedule(); });

    api.setCrash = function (t) { setCrash(t); draw(); showCounts(); };
    api.crashAt = function () { return crashT; };
    api.markerX = function () { return xOf(crashT); };
    api.xOf = xOf;
    api.counts = function (t) { return counts(t === undefined ? crashT : t); };
    api.statesAt = function (t) {
      var out = [];
      for (var r = 0; r < n; r++) if (covered(r)) out.push([hdr.layers[c.layer[r]].id, c.id[r], hdr.states[stateOf(r, t)].name]);
      return out;
    };
    // the same as statesAt in two strings, for large reports: names once, then states per time
    api.stateNamesAt = function (t) {
      var out = [];
      for (var r = 0; r < n; r++) if (covered(r)) out.push(hdr.states[stateOf(r, t)].name);
      return out.join(",");
    };
    api.writeNames = function () {
      var out = [];
      for (var r = 0; r < n; r++) if (covered(r)) out.push(hdr.layers[c.layer[r]].id + "#" + c.id[r]);
      return out.join(",");
    };
    api.select = select;
    api.span = function () { return [hdr.startNs, hdr.endNs]; };
    api.window = function () { return [t0, t1]; };
    api.selected = function () { return selected; };
    api.header = hdr;
    api.view = function (from, to) { t0 = from; t1 = Math.max(from + 1000, to); draw(); };
    api.changeInstants = function () {
      var seen = new Set();
      for (var j = 0; j < c.changeAt.length; j++) seen.add(c.changeAt[j]);
      return Array.from(seen).sort(function (a, b) { return a - b; });
    };
    // The first frame goes on screen before the counts' sorted instants are prepared, the rest of
    // the opening work.
    resize(); draw(); mark("firstFrame");
    requestAnimationFrame(function () {
      setTimeout(function () {
        prepareCounts();
        showCounts();
        mark("ready");
        document.documentElement.classList.remove("ol-opening");
        document.getElementById("ol-live").dataset.ready = "true";
      }, 0);
    });
  }
})();
