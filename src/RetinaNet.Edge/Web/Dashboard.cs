namespace RetinaNet.Edge.Web;

/// <summary>The dashboard: one self-contained page (no build step on the box). Camera grid with live MJPEG views and
/// status (streaming / reconnecting, fps in and processed, dropped, latency, execution provider), a live event feed
/// over server-sent events with a thumbnail per event, and per-label counts. A <c>?token=</c> in the page's URL is
/// passed on to every request.</summary>
internal static class Dashboard
{
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>RetinaNet.Edge</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { margin: 0; font: 14px system-ui, sans-serif; background: #111; color: #ddd; }
  header { padding: 10px 16px; background: #1c1c1c; display: flex; gap: 16px; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; color: #fff; }
  main { display: grid; grid-template-columns: 1fr 340px; gap: 12px; padding: 12px; }
  #cameras { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 12px; align-content: start; }
  .camera { background: #1c1c1c; border-radius: 6px; overflow: hidden; }
  .camera img { width: 100%; display: block; background: #000; aspect-ratio: 16 / 9; object-fit: contain; }
  .camera .bar { padding: 6px 10px; display: flex; flex-wrap: wrap; gap: 10px; font-size: 12px; }
  .state { font-weight: 600; } .streaming { color: #5c5; } .reconnecting, .starting { color: #fb3; } .stopped, .ended { color: #aaa; }
  aside { background: #1c1c1c; border-radius: 6px; padding: 8px; max-height: calc(100vh - 80px); overflow: auto; }
  aside h2 { font-size: 14px; margin: 4px 0 8px; }
  #counts span { display: inline-block; margin: 0 8px 6px 0; padding: 2px 8px; background: #2a2a2a; border-radius: 10px; }
  .event { display: flex; gap: 8px; padding: 6px 0; border-top: 1px solid #2a2a2a; font-size: 12px; }
  .event img { width: 96px; height: 54px; object-fit: cover; background: #000; }
  .event b { color: #fff; }
</style>
</head>
<body>
<header><h1>RetinaNet.Edge</h1><span id="summary">loading…</span></header>
<main>
  <section id="cameras"></section>
  <aside>
    <h2>Objects in view</h2><div id="counts"></div>
    <h2>Events</h2><div id="events"></div>
  </aside>
</main>
<script>
const token = new URLSearchParams(location.search).get('token');
const q = token ? ('?token=' + encodeURIComponent(token)) : '';
const tiles = {};
const live = {};   // camera -> trackId -> label
async function refresh() {
  try {
    const cams = await (await fetch('/api/cameras' + q)).json();
    document.getElementById('summary').textContent = cams.length + ' camera(s), ' +
      cams.filter(c => c.state === 'streaming').length + ' streaming';
    for (const c of cams) {
      let t = tiles[c.camera];
      if (!t) {
        t = document.createElement('div');
        t.className = 'camera';
        t.dataset.camera = c.camera;
        t.innerHTML = '<img alt="live view of ' + c.camera + '" src="/cameras/' + encodeURIComponent(c.camera) + '/mjpeg' + q + '"><div class="bar"></div>';
        document.getElementById('cameras').appendChild(t);
        tiles[c.camera] = t;
      }
      const prev = t._prev || c;
      const dt = Math.max(0.001, (Date.parse(c.time) - Date.parse(prev.time)) / 1000);
      const fpsIn = c === prev ? 0 : (c.framesIn - prev.framesIn) / dt, fpsOut = c === prev ? 0 : (c.framesProcessed - prev.framesProcessed) / dt;
      t._prev = c;
      t.querySelector('.bar').innerHTML =
        '<b>' + c.camera + '</b><span class="state ' + c.state + '">' + c.state + '</span>' +
        '<span>in ' + fpsIn.toFixed(1) + ' fps</span><span>processed ' + fpsOut.toFixed(1) + ' fps</span>' +
        '<span>dropped ' + c.framesDropped + '</span><span>latency ' + c.latencyMs + ' ms</span>' +
        '<span>' + c.width + '×' + c.height + '</span><span>' + c.executionProvider + '</span>' +
        (c.lastError ? '<span title="' + c.lastError + '">⚠ ' + c.lastError.substring(0, 40) + '</span>' : '');
    }
  } catch (e) { document.getElementById('summary').textContent = 'agent unreachable'; }
}
function renderCounts() {
  const counts = {};
  for (const cam of Object.values(live)) for (const label of Object.values(cam)) counts[label] = (counts[label] || 0) + 1;
  document.getElementById('counts').innerHTML = Object.entries(counts).map(([l, n]) => '<span>' + l + ' ' + n + '</span>').join('') || '<span>none</span>';
}
const source = new EventSource('/api/events' + q);
source.onmessage = m => {
  const e = JSON.parse(m.data);
  live[e.camera] = live[e.camera] || {};
  if (e.type === 'new' || e.type === 'update') live[e.camera][e.trackId] = e.label;
  if (e.type === 'end') delete live[e.camera][e.trackId];
  renderCounts();
  if (e.type === 'update') return;
  const row = document.createElement('div');
  row.className = 'event';
  const what = e.zone ? (e.type + ' ' + e.zone) : e.line ? ('crossed ' + e.line + ' ' + e.direction) : e.type;
  // The event's own snapshot (a new track or a better view); other events show the camera's current frame.
  const thumb = e.snapshot ? (e.snapshot.replace(/\.jpg$/, '-crop.jpg') + q)
                           : ('/cameras/' + encodeURIComponent(e.camera) + '/latest.jpg' + q + (q ? '&' : '?') + 't=' + Date.now());
  row.innerHTML = '<img alt="" src="' + thumb + '">' +
    '<div><b>' + e.label + ' #' + e.trackId + '</b> ' + what + '<br>' + e.camera + ' · ' +
    new Date(e.time || e.lastSeen).toLocaleTimeString() + (e.score ? ' · ' + e.score.toFixed(2) : '') + '</div>';
  const list = document.getElementById('events');
  list.insertBefore(row, list.firstChild);
  while (list.children.length > 50) list.removeChild(list.lastChild);
};
refresh();
setInterval(refresh, 2000);
</script>
</body>
</html>
""";
}
