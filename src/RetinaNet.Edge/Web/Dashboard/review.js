// The review page: the tracked objects seen (events: camera, label, time, zones, best score, latest snapshot) and the
// clips, both by camera, label, zone and time; an object recorded in a clip plays it. A clip plays through the
// live view's player (Media Source Extensions + the canvas) with the boxes stored beside it, drawn on the frame shown
// by its presentation time. Where the browser cannot play the clip's codec (H.265 in most browsers) it says so and
// offers the download.
class ClipPlayer extends LiveView {
  // The "camera" is the clip's id: the record, its boxes and its file, fetched once (no WebSocket).
  async connect() {
    const id = this.camera, q = this.query, base = '/api/clips/' + encodeURIComponent(id);
    try {
      const clip = this.clip = await (await fetch(base + q)).json();
      const lines = (await (await fetch(base + '/boxes' + q)).text()).split('\n').filter(l => l.trim());
      this.records = lines.map(l => JSON.parse(l));
      this.text({ type: 'hello', codec: clip.codec, width: clip.width, height: clip.height });
      if (this.fallen) return;
      this.data(await (await fetch(base + '/video' + q)).arrayBuffer());
    } catch (e) { this.say('clip: ' + e.message); }
  }
  close() { this.closed = true; this.video.pause(); if (this.video.src) URL.revokeObjectURL(this.video.src); }
  fallback(why) {
    this.fallen = true; this.stats.fallback = why;
    this.video.hidden = true; this.canvas.hidden = true;
    this.say(why + ' — download the clip to watch it');
  }
  // The whole file in one append, then play from its first frame to its end.
  pump() {
    const sb = this.sb, v = this.video;
    if (!sb || sb.updating) return;
    if (this.queue.length) { try { sb.appendBuffer(this.queue.shift()); } catch (e) { this.say('video: ' + e.message); } return; }
    if (!this.started && v.buffered.length) {
      this.started = true; this.newest = v.buffered.end(v.buffered.length - 1);
      try { this.ms.endOfStream(); } catch (e) { /* already ended */ }
      v.currentTime = v.buffered.start(0);
      v.play().catch(() => {});
    }
  }
}

const token = new URLSearchParams(location.search).get('token');
const q = token ? '?token=' + encodeURIComponent(token) : '';
const params = new URLSearchParams(location.search);
const $ = id => document.getElementById(id);
window.reviewPlayer = null;   // read by the browser test
const fmt = t => new Date(t).toLocaleString();

async function cameras() {
  const list = await (await fetch('/api/cameras' + q)).json();
  for (const c of list) { const o = document.createElement('option'); o.value = o.textContent = c.camera; $('camera').append(o); }
}

async function search() {
  const p = new URLSearchParams();
  for (const k of ['camera', 'label', 'zone']) if ($(k).value) p.set(k, $(k).value);
  for (const k of ['from', 'to']) if ($(k).value) p.set(k, new Date($(k).value).toISOString());
  if (token) p.set('token', token);
  const [clips, objects] = await Promise.all([(await fetch('/api/clips?' + p)).json(), fetch('/api/history?' + p).then(r => r.ok ? r.json() : [])]);
  $('summary').textContent = objects.length + ' event(s), ' + clips.length + ' clip(s)';
  listObjects(objects);
  const list = $('clips'); list.innerHTML = '';
  for (const { clip, snapshots } of clips) {
    const d = document.createElement('div'); d.className = 'clip'; d.dataset.id = clip.id;
    const seconds = ((clip.endPts ?? clip.startPts) - clip.startPts).toFixed(1);
    d.innerHTML = '<b></b> <span class="when"></span><br><span class="what"></span><div class="snaps"></div>';
    d.querySelector('b').textContent = clip.camera;
    d.querySelector('.when').textContent = fmt(clip.start) + ' · ' + seconds + ' s';
    d.querySelector('.what').textContent = (clip.labels.join(', ') || '—') + (clip.zones.length ? ' · zones ' + clip.zones.join(', ') : '') +
      ' · ' + (clip.size / 1048576).toFixed(1) + ' MB · ' + clip.codec + (clip.state === 'recovered' ? ' · recovered after a restart' : '');
    for (const s of snapshots.slice(0, 4)) { const i = document.createElement('img'); i.loading = 'lazy'; i.src = s + q; d.querySelector('.snaps').append(i); }
    d.onclick = () => play(clip.id);
    list.append(d);
  }
  const want = params.get('clip') || (clips[0] && clips[0].clip.id);
  if (want && !window.reviewPlayer) play(want);
}

// One row per tracked object: its latest snapshot, what and where, from when to when; a click plays its clip.
function listObjects(objects) {
  const list = $('objects'); list.innerHTML = '';
  for (const o of objects) {
    const d = document.createElement('div'); d.className = 'object' + (o.clip ? '' : ' noclip'); d.dataset.clip = o.clip || '';
    d.innerHTML = '<img alt=""><div><b></b> <span class="what"></span><br><span class="when"></span><br><span class="where"></span></div>';
    if (o.snapshot) d.querySelector('img').src = o.snapshot + q; else d.querySelector('img').hidden = true;
    d.querySelector('b').textContent = o.label;
    d.querySelector('.what').textContent = (o.bestScore * 100).toFixed(0) + '% · ' + o.camera + ' #' + o.trackId;
    const seconds = ((new Date(o.lastSeen) - new Date(o.start)) / 1000).toFixed(0);
    d.querySelector('.when').textContent = fmt(o.start) + ' · ' + seconds + ' s' + (o.end ? '' : ' · still tracked') + (o.reason === 'restart' ? ' · ended by a restart' : '');
    d.querySelector('.where').textContent = (o.zones.length ? 'zones ' + o.zones.join(', ') : '') + (o.clip ? (o.zones.length ? ' · ' : '') + '▶ clip' : '');
    if (o.clip) d.onclick = () => play(o.clip);
    list.append(d);
  }
}

function tab(name) {
  document.querySelectorAll('#tabs button').forEach(b => b.classList.toggle('on', b.dataset.tab === name));
  $('objects').hidden = name !== 'objects'; $('clips').hidden = name !== 'clips';
}

function play(id) {
  if (window.reviewPlayer) window.reviewPlayer.close();
  document.querySelectorAll('.clip').forEach(c => c.classList.toggle('selected', c.dataset.id === id));
  document.querySelectorAll('.object').forEach(c => c.classList.toggle('selected', c.dataset.clip === id));
  const player = window.reviewPlayer = new ClipPlayer(document.querySelector('#player .view'), id, q);
  const dl = $('download'); dl.hidden = false; dl.href = '/api/clips/' + encodeURIComponent(id) + '/video?download=1' + (q ? '&' + q.slice(1) : '');
  const wait = setInterval(() => {
    if (!player.clip) return;
    clearInterval(wait);
    const c = player.clip;
    const lead = c.keyframeOffset >= 0 ? 'starts ' + c.keyframeOffset.toFixed(2) + ' s before the asked moment (on a keyframe)'
      : 'the camera\'s video began ' + (-c.keyframeOffset).toFixed(2) + ' s after the asked moment';
    $('info').textContent = c.camera + ' · ' + fmt(c.start) + ' · tracks ' + c.trackIds.join(', ') + ' · ' + lead + ' · ended by ' + (c.endReason || '?');
  }, 100);
}

document.querySelectorAll('[data-keep-query]').forEach(a => a.href += q);
$('search').onclick = search;
document.querySelectorAll('#tabs button').forEach(b => b.onclick = () => tab(b.dataset.tab));
if (params.get('tab')) tab(params.get('tab'));
cameras().then(search);
