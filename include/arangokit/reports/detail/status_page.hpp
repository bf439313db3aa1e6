// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_REPORTS_DETAIL_STATUS_PAGE_HPP
#define ARANGOKIT_REPORTS_DETAIL_STATUS_PAGE_HPP

#include <string_view>

namespace arangokit::detail {

// The status server's page. Everything is inline (style, script, charts as SVG): the page must work on a
// machine without network access and the server sends a Content-Security-Policy that forbids anything else.
// EventSource cannot send an Authorization header, so the script reads the event stream with fetch() and
// parses it itself; the token comes from the URL's fragment, which browsers never send to a server.
inline constexpr std::string_view status_page_html = R"akhtml(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>arangokit live status</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:13px/1.35 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{background:#1d2330;color:#fff;padding:8px 16px;display:flex;gap:24px;align-items:baseline;flex-wrap:wrap}
header h1{font-size:16px;margin:0}
header .conn{font-size:12px;padding:1px 8px;border-radius:8px;background:#555}
header .conn.live{background:#2e7d32}header .conn.down{background:#c62828}
main{padding:8px 16px}
h2{font-size:14px;margin:16px 0 6px}
h2 .sub{font-weight:normal;color:#667;margin-left:8px}
table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px #0002}
th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #e4e6ea;vertical-align:top}
th{background:#eceef2;font-weight:600;font-size:12px}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.failed td,tr.error td{background:#fdecea}tr.failed td.state,tr.error td.state{color:#b71c1c;font-weight:600}
tr.passed td.state{color:#2e7d32}tr.running td.state{color:#1565c0}tr.skipped td.state{color:#777}
tr.timed_out td.state,tr.stopping td.state{color:#e65100;font-weight:600}
.bar{width:110px;height:12px;background:#e4e6ea;border-radius:3px;overflow:hidden;display:inline-block;vertical-align:middle}
.bar i{display:block;height:100%;background:#42a5f5}
tr.passed .bar i{background:#66bb6a}tr.failed .bar i,tr.error .bar i{background:#ef5350}
.pct{display:inline-block;width:42px;text-align:right;font-variant-numeric:tabular-nums}
.lines{font:11px/1.3 ui-monospace,monospace;white-space:pre-wrap;word-break:break-all;max-width:520px;color:#333;margin:0}
.lines .err{color:#b71c1c}
svg.chart{width:120px;height:28px;background:#fafbfc;border:1px solid #e4e6ea;vertical-align:middle}
#failures .failure{background:#fdecea;border-left:4px solid #c62828;padding:6px 10px;margin:6px 0}
#failures .failure b{color:#b71c1c}
#failures pre{font:11px/1.3 ui-monospace,monospace;white-space:pre-wrap;margin:4px 0 0}
#auth{display:none;padding:16px}
.muted{color:#778}
</style></head>
<body>
<header><h1 id="title">arangokit</h1><span id="conn" class="conn">connecting</span>
<span id="counts"></span><span id="server" class="muted"></span></header>
<div id="auth">This server needs a token: <input id="token" type="password" size="40"> <button id="go">show</button></div>
<main>
<section id="failures"></section>
<section id="groups"></section>
<section id="other"></section>
</main>
<script>
'use strict';
let token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const secs = (v) => v == null ? '' : (v < 60 ? v.toFixed(1) + ' s' : Math.floor(v / 60) + ' m ' + Math.round(v % 60) + ' s');
const kib = (v) => !v ? '' : v < 1024 ? v + ' KiB' : v < 1048576 ? (v / 1024).toFixed(1) + ' MiB' : (v / 1048576).toFixed(2) + ' GiB';
function chart(series, idx, color, floor) {
  if (!series || series.length < 2) return '<svg class="chart"></svg>';
  const t0 = series[0][0], t1 = series[series.length - 1][0] || 1;
  let max = floor; for (const p of series) max = Math.max(max, p[idx]);
  const pts = series.map((p) => ((p[0] - t0) / ((t1 - t0) || 1) * 118 + 1).toFixed(1) + ',' + (27 - p[idx] / max * 25).toFixed(1)).join(' ');
  return '<svg class="chart" viewBox="0 0 120 28"><polyline fill="none" stroke="' + color + '" stroke-width="1.5" points="' + pts + '"/></svg>';
}
function lines(r) {
  return '<pre class="lines">' + (r.last_lines || []).slice(-3).map((l) => '<span class="' + l.stream + '">' + esc(l.text) + '</span>').join('\n') + '</pre>';
}
function progress(r) {
  const pct = r.progress_percent != null ? r.progress_percent : (r.state === 'passed' ? 100 : null);
  if (pct == null) return '<span class="muted">' + esc(r.progress) + '</span>';
  return '<span class="bar" data-pct="' + pct + '"><i style="width:' + pct + '%"></i></span><span class="pct">' + Math.round(pct) + '%</span>';
}
function row(r, first, extra) {
  return '<tr class="run ' + esc(r ? r.state : 'pending') + '" data-run="' + (r ? r.id : '') + '">' + first +
    '<td class="state">' + esc(r ? r.state : 'pending') + (r && r.outcome && r.state !== 'passed' ? ' (' + esc(r.outcome) + ')' : '') + '</td>' +
    '<td class="num">' + (r && r.pid ? r.pid : '') + '</td>' +
    '<td class="num elapsed">' + (r ? secs(r.elapsed_s) : '') + '</td>' +
    '<td class="num">' + (r ? secs(r.deadline_left_s) : '') + '</td>' +
    '<td class="progress">' + (r ? progress(r) : '') + '</td>' + extra +
    '<td class="num">' + (r && r.cpu_share ? (r.cpu_share * 100).toFixed(0) + '%' : '') + '<br>' + (r ? chart(r.series, 1, '#1565c0', 1) : '') + '</td>' +
    '<td class="num">' + (r ? kib(r.rss_kib || r.peak_rss_kib) : '') + '<br>' + (r ? chart(r.series, 2, '#6a1b9a', 1024) : '') + '</td>' +
    '<td>' + (r ? lines(r) : '') + '</td></tr>';
}
const head = (first, extra) => '<tr>' + first + '<th>state</th><th>pid</th><th>elapsed</th><th>deadline left</th><th>progress</th>' + extra + '<th>CPU</th><th>RSS</th><th>last lines</th></tr>';
function render(s) {
  document.title = (s.title || 'arangokit') + ' - live status';
  $('title').textContent = s.title || 'arangokit';
  $('counts').textContent = s.counts.runs + ' runs, ' + s.counts.running + ' running, ' + s.counts.failed + ' failed';
  $('counts').dataset.version = s.version;
  if (s.server) $('server').textContent = s.server.streams + ' viewer(s), ' + s.server.updates_dropped + ' updates dropped';
  const byId = new Map(s.runs.map((r) => [r.id, r]));
  const bad = s.runs.filter((r) => r.state === 'failed' || r.state === 'error' || r.state === 'timed_out');
  $('failures').innerHTML = bad.length ? '<h2>Failures</h2>' + bad.map((r) => '<div class="failure" data-run="' + r.id + '"><b>' + esc(r.tool) +
    (r.group ? ' in ' + esc(r.group) + ' #' + r.member : '') + ': ' + esc(r.outcome || r.state) + '</b> ' + esc(r.message) +
    '<pre>' + esc(r.details) + '</pre></div>').join('') : '';
  let g = '';
  for (const grp of s.groups) {
    g += '<h2>group ' + esc(grp.name) + '<span class="sub">' + grp.done + '/' + grp.total + ' done, ' + grp.running + ' running, ' +
      grp.failed + ' failed, ' + grp.iterations + ' iterations' + (grp.stop_cause !== 'none' ? ', stop: ' + esc(grp.stop_cause) : '') +
      (grp.finished ? ', finished' : '') + '</span></h2><table class="group" data-group="' + esc(grp.name) + '">' +
      head('<th>#</th><th>member</th>', '<th>iterations</th>');
    for (const m of grp.members) {
      const r = byId.get(m.run);
      const rr = r || {id: '', state: m.state, elapsed_s: null, series: [], last_lines: []};
      if (!r) rr.state = m.state === 'succeeded' ? 'passed' : m.state;
      g += row(rr, '<td class="num">' + m.index + '</td><td>' + esc(m.label) + '</td>', '<td class="num iterations">' + m.iterations + '</td>');
    }
    g += '</table>';
  }
  $('groups').innerHTML = g;
  const rest = s.runs.filter((r) => !r.group);
  $('other').innerHTML = rest.length ? '<h2>runs</h2><table class="runs">' + head('<th>tool</th>', '') +
    rest.map((r) => row(r, '<td>' + esc(r.tool) + '</td>', '')).join('') + '</table>' : '';
}
function setConn(text, cls) { const c = $('conn'); c.textContent = text; c.className = 'conn ' + cls; }
async function stream() {
  const headers = token ? {Authorization: 'Bearer ' + token} : {};
  for (;;) {
    try {
      const res = await fetch('events', {headers, cache: 'no-store'});
      if (res.status === 401) { setConn('token needed', 'down'); $('auth').style.display = 'block'; return; }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      setConn('live', 'live');
      const reader = res.body.getReader();
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buf += dec.decode(value, {stream: true});
        let end;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end); buf = buf.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (data) render(JSON.parse(data));
        }
      }
      setConn('ended', 'down');
    } catch (e) { setConn('reconnecting', 'down'); }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
$('go').onclick = () => { token = $('token').value; $('auth').style.display = 'none'; stream(); };
stream();
</script></body></html>
)akhtml";

} // namespace arangokit::detail

#endif
