// The inline stylesheet and script of the HTML report (harness/report/html.ts). No external
// asset, no network: the page carries a Content-Security-Policy of default-src 'none'.
//
// The script builds every piece of untrusted text (case reasons, evidence) with textContent,
// never with innerHTML; it reads its data from a JSON <script> block whose '<', '>' and '&' are
// escaped as \u003c, \u003e and \u0026.

export const CSS = `
:root { --fg:#1d232a; --muted:#5b6672; --line:#d6dbe1; --bg:#fff; --head:#f3f5f7;
  --conformant:#1f8a4c; --partial:#c98a06; --contradicted:#c62828; --absent:#6b7a8c; --undoc:#1f6fb2; --untested:#9aa4ae;
  --works:#1f8a4c; --fails:#c62828; --unsupported:#7b4fb0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); margin: 0; padding: 0 24px 48px; }
h1 { font-size: 22px; margin: 20px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
thead th { background: var(--head); position: sticky; top: 0; z-index: 1; }
table.matrix { width: 100%; }
table.matrix td.rid { max-width: 300px; overflow-wrap: anywhere; }
table.matrix td.doc { max-width: 190px; overflow-wrap: anywhere; }
table.matrix td.desc { max-width: 420px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 11px; line-height: 18px; border: 1px solid var(--line); color: var(--muted); margin-left: 4px; white-space: nowrap; }
.badge.warn { border-color: #e0b252; color: #8a5a00; background: #fff7e0; }
td.cell { padding: 2px; min-width: 112px; width: 140px; }
button.cell-btn { width: 100%; text-align: left; border: 0; border-radius: 3px; padding: 4px 6px; cursor: pointer; font: inherit; color: #fff; display: flex; justify-content: space-between; gap: 6px; }
button.cell-btn:focus-visible { outline: 3px solid #222; outline-offset: 1px; }
button.cell-btn[aria-expanded="true"] { box-shadow: inset 0 0 0 2px rgba(0,0,0,.45); }
button.cell-btn .st { font-size: 13px; }
button.cell-btn .n { opacity: .9; font-size: 12px; white-space: nowrap; }
.s-conformant, .s-works { background: var(--conformant); }
.s-partial { background: var(--partial); }
.s-contradicted, .s-fails { background: var(--contradicted); }
.s-absent-as-documented { background: var(--absent); }
.s-works-undocumented { background: var(--undoc); }
.s-unsupported { background: var(--unsupported); }
.s-untested { background: var(--untested); }
span.state { color: #fff; border-radius: 3px; padding: 0 6px; font-size: 12px; white-space: nowrap; }
tr.detail > td { background: #fafbfc; padding: 10px 14px; }
.detail h4 { margin: 0 0 6px; font-size: 14px; }
.detail blockquote { margin: 6px 0; padding: 4px 10px; border-left: 3px solid var(--line); color: #333; white-space: pre-wrap; }
.detail ul.cases { list-style: none; margin: 8px 0 0; padding: 0; }
.detail ul.cases > li { border-top: 1px solid var(--line); padding: 6px 0; }
.v { display: inline-block; min-width: 84px; text-align: center; border-radius: 3px; color: #fff; font-size: 12px; margin-right: 6px; }
.v-pass { background: var(--conformant); } .v-fail { background: var(--contradicted); } .v-unsupported { background: var(--unsupported); }
.v-skip { background: var(--untested); } .v-error { background: #444; }
.reason { white-space: pre-wrap; margin: 2px 0 0 92px; }
details.ev { margin: 2px 0 0 92px; }
details.ev > summary { cursor: pointer; color: var(--muted); }
pre.evidence { white-space: pre-wrap; word-break: break-all; background: #f4f6f8; border: 1px solid var(--line); border-radius: 4px; padding: 8px; margin: 4px 0 0; max-height: 420px; overflow: auto; }
td.rid .claim { display: block; color: var(--muted); font-size: 12px; }
#filters { position: sticky; top: 0; z-index: 3; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 0; display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; }
#filters label { white-space: nowrap; }
#filters fieldset { border: 1px solid var(--line); border-radius: 4px; padding: 2px 8px; margin: 0; display: flex; flex-wrap: wrap; gap: 2px 10px; }
#filters legend { font-size: 12px; color: var(--muted); }
table.matrix thead th { top: var(--filters-h, 0px); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 8px 0; }
.legend div { max-width: 420px; }
table.scores td.num { text-align: right; white-space: nowrap; }
.bar { display: inline-block; height: 8px; background: var(--conformant); border-radius: 2px; vertical-align: middle; margin-right: 6px; }
.warnings li { color: #8a5a00; }
details.prov { margin: 6px 0; }
details.prov > summary { cursor: pointer; }
table.prov th { background: var(--head); font-weight: 600; white-space: nowrap; }
noscript p { background: #fff7e0; padding: 6px 10px; border: 1px solid #e0b252; }
`;

export const JS = `
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('s3c-data').textContent);
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function detailFor(key, t) {
    var cell = D.cells[key][t];
    var info = D.info[key] || {};
    var target = D.targets[t];
    var box = el('div', 'detail-box');
    var h = el('h4');
    h.appendChild(el('span', null, (info.label || key) + ' on ' + target.label + ': '));
    h.appendChild(el('span', 'state s-' + cell.s, cell.s));
    box.appendChild(h);
    if (cell.n) box.appendChild(el('div', 'muted', cell.n));
    if (info.documented) {
      box.appendChild(el('div', null, 'Documented: ' + info.documented));
    }
    if (info.quote) {
      var q = el('blockquote', null, info.quote);
      box.appendChild(q);
      if (info.source) {
        var src = el('div', 'small muted', 'Source: ');
        if (/^https:\\/\\//.test(info.source)) {
          var a = el('a', null, info.source);
          a.href = info.source; a.rel = 'noreferrer noopener'; a.target = '_blank';
          src.appendChild(a);
        } else src.appendChild(el('span', null, info.source));
        box.appendChild(src);
      }
    }
    if (info.note) box.appendChild(el('div', 'small', 'Note: ' + info.note));
    (info.conflicts || []).forEach(function (c) {
      box.appendChild(el('div', 'small', 'Conflict ' + c));
    });
    if (info.description) box.appendChild(el('div', 'small muted', info.description));
    var order = { fail: 0, unsupported: 1, error: 2, skip: 3, pass: 4 };
    var list = cell.c.map(function (i) { return D.cases[t][i]; });
    list.sort(function (a, b) { return (order[a.v] - order[b.v]) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
    var heading = el('div', 'small muted', list.length ? list.length + ' case(s) claim ' + (info.claim || key) + ':' : 'No case of this run claims ' + (info.claim || key) + '.');
    box.appendChild(heading);
    var ul = el('ul', 'cases');
    var opened = false;
    list.forEach(function (c) {
      var li = el('li', 'case');
      li.setAttribute('data-case', c.id);
      li.appendChild(el('span', 'v v-' + c.v, c.v));
      li.appendChild(el('code', null, c.id));
      if (c.ti) li.appendChild(el('span', 'muted', ' — ' + c.ti));
      if (c.r) li.appendChild(el('div', 'reason', c.r));
      if (c.x) li.appendChild(el('div', 'reason muted', 'expected on this target: ' + c.x));
      if (c.e) {
        // The first non-passing case shows its evidence at once; the others on demand.
        var det = el('details', 'ev');
        if (!opened && c.v !== 'pass') { det.open = true; opened = true; }
        det.appendChild(el('summary', 'small', 'evidence: ' + c.k + ' exchange(s)'));
        det.appendChild(el('pre', 'evidence', c.e));
        li.appendChild(det);
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }
  function toggle(btn) {
    var tr = btn.closest('tr');
    var key = tr.getAttribute('data-key');
    var t = btn.getAttribute('data-t');
    var id = 'd-' + tr.getAttribute('data-idx') + '-' + t;
    var existing = document.getElementById(id);
    if (existing) {
      existing.parentNode.removeChild(existing);
      btn.setAttribute('aria-expanded', 'false');
      return;
    }
    var d = el('tr', 'detail');
    d.id = id;
    d.setAttribute('data-parent', tr.getAttribute('data-idx'));
    var td = el('td');
    td.colSpan = tr.children.length;
    td.appendChild(detailFor(key, Number(t)));
    d.appendChild(td);
    var after = tr;
    while (after.nextElementSibling && after.nextElementSibling.classList.contains('detail')) after = after.nextElementSibling;
    after.parentNode.insertBefore(d, after.nextElementSibling);
    btn.setAttribute('aria-expanded', 'true');
  }
  document.addEventListener('click', function (ev) {
    var btn = ev.target.closest && ev.target.closest('button.cell-btn');
    if (btn) toggle(btn);
  });

  var fTable = document.getElementById('f-table');
  var fArea = document.getElementById('f-area');
  var fText = document.getElementById('f-text');
  var fShown = document.getElementById('f-shown');
  function selectedStates() {
    var s = {};
    document.querySelectorAll('#filters input[data-state]').forEach(function (i) { if (i.checked) s[i.getAttribute('data-state')] = true; });
    return s;
  }
  function apply() {
    var table = fTable.value, area = fArea.value, text = fText.value.trim().toLowerCase();
    var states = selectedStates();
    var shown = 0;
    document.querySelectorAll('section.view').forEach(function (sec) {
      sec.hidden = !(table === '' || sec.getAttribute('data-table') === table);
    });
    document.querySelectorAll('tr.row').forEach(function (tr) {
      var ok = true;
      if (area && tr.getAttribute('data-area') !== area) ok = false;
      if (ok && text && tr.getAttribute('data-text').indexOf(text) === -1) ok = false;
      if (ok) {
        var st = tr.getAttribute('data-states').split(' ');
        ok = st.some(function (s) { return states[s]; });
      }
      tr.hidden = !ok;
      var sec = tr.closest('section.view');
      if (ok && !(sec && sec.hidden)) shown++;
      var idx = tr.getAttribute('data-idx');
      document.querySelectorAll('tr.detail[data-parent="' + idx + '"]').forEach(function (d) { d.hidden = !ok; });
    });
    fShown.textContent = shown + ' row(s) shown';
  }
  [fTable, fArea].forEach(function (e) { e.addEventListener('change', apply); });
  fText.addEventListener('input', apply);
  document.querySelectorAll('#filters input[data-state]').forEach(function (i) { i.addEventListener('change', apply); });
  document.getElementById('f-reset').addEventListener('click', function () {
    fTable.value = ''; fArea.value = ''; fText.value = '';
    document.querySelectorAll('#filters input[data-state]').forEach(function (i) { i.checked = true; });
    apply();
  });
  function filtersHeight() {
    var f = document.getElementById('filters');
    document.documentElement.style.setProperty('--filters-h', f.offsetHeight + 'px');
  }
  window.addEventListener('resize', filtersHeight);
  filtersHeight();
  apply();
})();
`;
