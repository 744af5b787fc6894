const token = new URLSearchParams(location.search).get('token');
const q = token ? ('?token=' + encodeURIComponent(token)) : '';
const tiles = {};
window.liveViews = {};   // camera -> LiveView (read by the browser test)
// #camera=NAME: that camera alone, full size.
const only = new URLSearchParams(location.hash.slice(1)).get('camera');
if (only) document.body.classList.add('single');
const live = {};   // camera -> trackId -> label
const editor = window.cameraEditor = new CameraEditor(q);
async function refresh() {
  try {
    const cams = await (await fetch('/api/cameras' + q)).json();
    document.getElementById('summary').textContent = cams.length + ' camera(s), ' +
      cams.filter(c => c.state === 'streaming').length + ' streaming';
    for (const name of Object.keys(tiles)) if (!cams.some(c => c.camera === name)) removeTile(name);
    for (const c of cams) {
      if (only && c.camera !== only) continue;
      let t = tiles[c.camera];
      if (!t) {
        t = document.createElement('div');
        t.className = 'camera';
        t.dataset.camera = c.camera;
        t.innerHTML = '<div class="view"><video muted playsinline hidden></video><canvas hidden></canvas>' +
          '<img alt="live view of ' + c.camera + '" hidden><span class="note" hidden></span></div>' +
          '<div class="layers">' + ['boxes', 'labels', 'ids', 'trails', 'zones'].map(l =>
            '<label><input type="checkbox" data-layer="' + l + '" checked>' + l + '</label>').join('') +
          '<a href="#camera=' + encodeURIComponent(c.camera) + '" target="_blank">full screen</a>' +
          '<a href="#" data-edit>edit</a>' +
          '<a href="/cameras/' + encodeURIComponent(c.camera) + '/hls/index.m3u8' + q + '" title="annotated stream for VLC, NVRs, Home Assistant">HLS</a></div><div class="bar"></div>';
        document.getElementById('cameras').appendChild(t);
        tiles[c.camera] = t;
        t.querySelectorAll('input[data-layer]').forEach(i => i.onchange = () => { const v = window.liveViews[c.camera]; if (v) v.layers[i.dataset.layer] = i.checked; });
        t.querySelector('[data-edit]').onclick = ev => { ev.preventDefault(); editor.open(c.camera); };
      }
      // A camera whose file is not valid has nothing to show until it is fixed.
      if (c.state !== 'configError' && !window.liveViews[c.camera]) window.liveViews[c.camera] = new LiveView(t.querySelector('.view'), c.camera, q);
      const prev = t._prev || c;
      const dt = Math.max(0.001, (Date.parse(c.time) - Date.parse(prev.time)) / 1000);
      const fpsIn = c === prev ? 0 : (c.framesIn - prev.framesIn) / dt, fpsOut = c === prev ? 0 : (c.framesProcessed - prev.framesProcessed) / dt;
      t._prev = c;
      t.querySelector('.bar').innerHTML =
        '<b>' + c.camera + '</b><span class="state ' + c.state + '">' + c.state + '</span>' +
        '<span>in ' + fpsIn.toFixed(1) + ' fps</span><span>processed ' + fpsOut.toFixed(1) + ' fps</span>' +
        '<span>dropped ' + c.framesDropped + '</span><span>latency ' + c.latencyMs + ' ms</span>' +
        '<span>' + c.width + '×' + c.height + '</span><span>' + c.executionProvider + '</span>' +
        (c.configError ? '<span class="configError" title="' + esc(c.configError) + '">file not applied: ' + esc(c.configError.substring(0, 60)) + '</span>'
          : c.lastError ? '<span title="' + esc(c.lastError) + '">⚠ ' + esc(c.lastError.substring(0, 40)) + '</span>' : '');
    }
  } catch (e) { document.getElementById('summary').textContent = 'agent unreachable'; }
}
// A camera that is gone (removed, or its file deleted): its tile and its live connection go too.
function removeTile(name) {
  const t = tiles[name];
  if (!t) return;
  if (window.liveViews[name]) { window.liveViews[name].close(); delete window.liveViews[name]; }
  t.remove(); delete tiles[name]; delete live[name];
}
window.dashboardRefresh = refresh;
function esc(s) { return String(s).replace(/[&<>"']/g, ch => '&#' + ch.charCodeAt(0) + ';'); }
window.dashboardRemoveTile = removeTile;
const crossings = {};   // "camera/line" -> {in, out}, counted from the crossed events since the page opened
function renderCounts() {
  const counts = {};
  for (const cam of Object.values(live)) for (const label of Object.values(cam)) counts[label] = (counts[label] || 0) + 1;
  document.getElementById('counts').innerHTML = (Object.entries(counts).map(([l, n]) => '<span>' + esc(l) + ' ' + n + '</span>').join('') || '<span>none</span>') +
    Object.entries(crossings).map(([k, c]) => '<span class="crossing" data-line="' + esc(k) + '">' + esc(k) + ': in ' + c.in + ' · out ' + c.out + '</span>').join('');
}
const source = new EventSource('/api/events' + q);
source.onmessage = m => {
  const e = JSON.parse(m.data);
  live[e.camera] = live[e.camera] || {};
  if (e.type === 'new' || e.type === 'update') live[e.camera][e.trackId] = e.label;
  if (e.type === 'end') delete live[e.camera][e.trackId];
  if (e.line) {
    const c = crossings[e.camera + '/' + e.line] = crossings[e.camera + '/' + e.line] || { in: 0, out: 0 };
    c[String(e.direction).toLowerCase() === 'in' ? 'in' : 'out']++;
  }
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
