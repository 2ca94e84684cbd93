// OrderLens live report: the user's bookmarks. A flag in the ruler at each bookmark's time; a click
// on a flag, or on a bookmark in the report's table (data-bookmark = index into hdr.bookmarks),
// brings its time to the middle of the lanes and selects its request, which shows its Why? chain.
// Notes are the user's text: they only ever reach the page through textContent.
(function () {
  "use strict";
  var api = window.orderlens;
  api.ready.then(function () {
    var marks = api.header.bookmarks || [], canvas = document.getElementById("ol-canvas");
    var FLAG = "#8250df";

    api.decorate = function (ctx, xOf, height) {
      ctx.fillStyle = FLAG;
      marks.forEach(function (b) {
        var x = Math.round(xOf(b.atNs));
        if (x < 0 || x > ctx.canvas.width) return;
        ctx.globalAlpha = 0.35; ctx.fillRect(x, 0, 1, height); ctx.globalAlpha = 1;
        ctx.beginPath(); ctx.moveTo(x, 2); ctx.lineTo(x + 8, 6); ctx.lineTo(x, 10); ctx.closePath(); ctx.fill();
      });
    };

    function go(i) {
      var b = marks[i];
      if (!b) return;
      var w = api.window(), half = (w[1] - w[0]) / 2;
      api.view(b.atNs - half, b.atNs + half);
      api.select(b.row);
      document.getElementById("ol-live").dataset.bookmark = String(i);
      canvas.scrollIntoView({ block: "nearest" });
    }
    api.goToBookmark = go;

    document.querySelectorAll("a[data-bookmark]").forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        go(Number(a.dataset.bookmark));
      });
    });
    canvas.addEventListener("click", function (e) {
      if (e.offsetY > 12) return; // flags sit in the ruler's top 12 px
      var best = -1, bestDx = 5;
      marks.forEach(function (b, i) {
        var dx = Math.abs(e.offsetX - (api.xOf(b.atNs) + 3));
        if (dx <= bestDx) { best = i; bestDx = dx; }
      });
      if (best >= 0) go(best);
    });
    api.view.apply(null, api.window()); // draw the flags now
  });
})();
