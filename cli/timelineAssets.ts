// The timeline page's inline style and script (no network, no libraries). The script zooms the
// SVG by re-placing every element that carries data-t1/data-t2, filters the trace table by
// node and kind, and highlights the row a link points at.

export const TIMELINE_CSS = `
body { font: 13px/1.4 system-ui, sans-serif; margin: 16px; color: #222; }
h1 { font-size: 18px; margin: 0 0 6px; } h2 { font-size: 15px; margin: 18px 0 6px; }
code { font: 12px ui-monospace, monospace; }
.status-pass { color: #171; } .status-safety, .status-liveness { color: #b00; }
.violations li { color: #900; } .ok { color: #171; } .note { color: #666; }
.legend span { margin-right: 8px; } .l-msg { color: #3a7; } .l-drop { color: #c33; } .l-flight { color: #999; }
.l-down { color: #f2c4c4; } .l-viol { color: #d00; font-weight: bold; }
.controls { margin: 6px 0; } .controls button { min-width: 28px; } .controls label { margin-left: 10px; }
.scroll { overflow-x: auto; border: 1px solid #ccc; background: #fff; }
svg text { font: 11px system-ui, sans-serif; }
.lane0 { fill: #f7f7f7; } .lane1 { fill: #fff; }
.lane-label { font-weight: bold; fill: #333; }
.tick { stroke: #e4e4e4; } .tick-label { fill: #888; font-size: 10px; }
.down { fill: #f2c4c4; opacity: .8; }
.msg { stroke-width: 1; } .msg.delivered { stroke: #3a7; } .msg.dropped { stroke: #c33; stroke-dasharray: 3 2; }
.msg.in-flight { stroke: #999; stroke-dasharray: 2 3; } .msg.dup { stroke-dasharray: 6 2; }
.msg:hover { stroke-width: 3; }
.mark { cursor: pointer; font-size: 14px; } .mark.fault { fill: #d80; } .mark.crash { fill: #c00; font-weight: bold; }
.mark.restart { fill: #171; } .mark.net { fill: #73c; } .mark.heal { fill: #07a; } .mark.clock, .mark.disk { fill: #a60; }
.mark.violation { fill: #d00; font-weight: bold; font-size: 16px; }
line.violation { stroke: #d00; stroke-width: 3; opacity: .75; }
#trace { border-collapse: collapse; width: 100%; }
#trace td, #trace th { border-bottom: 1px solid #eee; padding: 1px 6px; text-align: left; vertical-align: top; }
#trace td:last-child { word-break: break-all; }
#trace tr.violation { background: #fdd; font-weight: bold; } #trace tr.fault { background: #fff3d6; }
#trace tr.crash { background: #fbe0e0; } #trace tr.restart { background: #e3f6e3; }
#trace tr.omitted td { color: #888; text-align: center; }
#trace tr.target, #trace tr:target { outline: 2px solid #36f; background: #e8eeff; }
`;

export const TIMELINE_JS = `
(function () {
  var svg = document.getElementById('timeline');
  var x0 = +svg.getAttribute('data-x0'), end = +svg.getAttribute('data-end'), px = +svg.getAttribute('data-px');
  function place(p) {
    px = p;
    svg.querySelectorAll('[data-t1]').forEach(function (el) {
      var t1 = +el.getAttribute('data-t1'), t2 = el.getAttribute('data-t2'), a = x0 + t1 * p;
      var tag = el.tagName.toLowerCase();
      if (tag === 'rect') { el.setAttribute('x', a); el.setAttribute('width', Math.max(1, (+t2 - t1) * p)); }
      else if (tag === 'line') { el.setAttribute('x1', a); el.setAttribute('x2', t2 === null ? a : x0 + +t2 * p); }
      else el.setAttribute('x', a + (el.classList.contains('tick-label') ? 2 : 0));
    });
    svg.setAttribute('width', Math.ceil(x0 + end * p + 40));
  }
  document.querySelectorAll('[data-zoom]').forEach(function (b) {
    b.addEventListener('click', function () {
      var z = b.getAttribute('data-zoom');
      var box = document.querySelector('.scroll').clientWidth;
      place(z === 'fit' ? Math.max(0.0001, (box - x0 - 40) / Math.max(1, end)) : px * +z);
    });
  });
  var fNode = document.getElementById('f-node'), fKind = document.getElementById('f-kind'), fQuiet = document.getElementById('f-quiet');
  var rows = document.querySelectorAll('#trace tbody tr[data-kind]');
  function filter() {
    var n = fNode.value.trim(), k = fKind.value.trim(), q = fQuiet.checked;
    rows.forEach(function (r) {
      var kind = r.getAttribute('data-kind');
      var hide = (n && r.getAttribute('data-node') !== n) || (k && kind.indexOf(k) < 0) || (q && (kind.indexOf('fs.') === 0 || kind === 'timer'));
      r.style.display = hide ? 'none' : '';
    });
  }
  fNode.addEventListener('input', filter); fKind.addEventListener('input', filter); fQuiet.addEventListener('change', filter);
  function target() {
    document.querySelectorAll('tr.target').forEach(function (r) { r.classList.remove('target'); });
    var el = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    var tr = el && (el.tagName === 'TR' ? el : el.closest('tr'));
    if (tr) { tr.classList.add('target'); tr.style.display = ''; }
  }
  window.addEventListener('hashchange', target);
  target();
})();
`;
