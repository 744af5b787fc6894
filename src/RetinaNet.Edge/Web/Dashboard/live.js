// The live view of one camera: the camera's own video (fMP4 over a WebSocket into Media Source Extensions, never
// re-encoded) and a canvas over it on which the page draws boxes, labels, track ids, trails, zones and lines at the
// frame being shown. Boxes come as data stamped with the frame's presentation timestamp (the video's clock); between
// two processed frames a track's box is interpolated. The video is held a little behind the newest data so that the
// boxes of a frame have arrived when it is shown. Falls back to MJPEG (boxes burned in) when the browser cannot play
// the camera's codec or the camera has no remuxed video, and says why.
class LiveView {
  constructor(root, camera, query) {
    this.root = root; this.camera = camera; this.query = query;
    this.video = root.querySelector('video'); this.canvas = root.querySelector('canvas');
    this.note = root.querySelector('.note'); this.img = root.querySelector('img');
    this.layers = { boxes: true, labels: true, ids: true, trails: true, zones: true };
    this.records = []; this.scene = null; this.queue = []; this.sb = null; this.ms = null;
    this.stats = { frames: 0, mediaTime: NaN, drawn: [], delay: 0, latencyMs: NaN, fallback: null };
    this.lag = 0.25;   // seconds the boxes trail the video data: the largest of the last 3 s of measurements
    this.lags = [];
    this.connect();
    const tick = (now, meta) => { this.frame(meta); this.video.requestVideoFrameCallback(tick); };
    this.video.requestVideoFrameCallback(tick);
  }
  connect() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = this.ws = new WebSocket(proto + '//' + location.host + '/cameras/' + encodeURIComponent(this.camera) + '/live' + this.query);
    ws.binaryType = 'arraybuffer';
    ws.onmessage = m => typeof m.data === 'string' ? this.text(JSON.parse(m.data)) : this.data(m.data);
    ws.onclose = () => { if (!this.closed) setTimeout(() => this.connect(), 2000); };
  }
  close() { this.closed = true; if (this.ws) this.ws.close(); }
  // The camera's own pixels (the frame zones, lines and boxes are given in): from its boxes, else its video.
  cameraSize() {
    const r = this.records.length ? this.records[this.records.length - 1] : null;
    if (r && r.width) return [r.width, r.height];
    if (this.video.videoWidth) return [this.video.videoWidth, this.video.videoHeight];
    return [this.img.naturalWidth || 1920, this.img.naturalHeight || 1080];
  }
  text(m) {
    if (m.type === 'hello') {
      if (m.unavailable) return this.fallback(m.unavailable);
      if (!m.codec) return this.say('waiting for the camera…');
      const mime = 'video/mp4; codecs="' + m.codec + '"';
      if (!window.MediaSource || !MediaSource.isTypeSupported(mime))
        return this.fallback('this browser cannot play ' + m.codec + (m.codec.startsWith('h') ? ' (H.265)' : '') + ' through Media Source Extensions');
      this.codec = m.codec; this.size = [m.width, m.height];
      this.open(mime);
    } else if (m.type === 'scene') this.scene = m;
    else if (m.type === 'boxes') {
      this.records.push(m);
      if (this.records.length > 600) this.records.splice(0, this.records.length - 600);
      // The largest recent lag, not an average: a frame whose boxes come later than usual (a slow inference, a
      // busy box) must still find them when it is shown; the window lets the hold shrink again when the box calms down.
      if (this.newest !== undefined) {
        const now = performance.now();
        this.lags.push([now, Math.max(0, this.newest - m.t)]);
        while (this.lags.length && now - this.lags[0][0] > 3000) this.lags.shift();
        this.lag = Math.max(...this.lags.map(x => x[1]));
      }
    }
  }
  open(mime) {
    this.img.hidden = true; this.video.hidden = false; this.canvas.hidden = false; this.say('');
    this.queue = []; this.sb = null; this.started = false;
    const ms = this.ms = new MediaSource();
    this.video.src = URL.createObjectURL(ms);
    ms.addEventListener('sourceopen', () => {
      this.sb = ms.addSourceBuffer(mime);
      this.sb.mode = 'segments';
      this.sb.addEventListener('updateend', () => this.pump());
      this.pump();
    }, { once: true });
  }
  data(buf) {
    // An init segment (ftyp) after the first: the camera's stream started anew; its hello came just before.
    if (this.fallen) return;
    this.queue.push(buf);
    if (this.queue.length > 300) this.queue.splice(1, this.queue.length - 150);
    this.pump();
  }
  pump() {
    const sb = this.sb;
    if (!sb || sb.updating || this.queue.length === 0) return;
    try { sb.appendBuffer(this.queue.shift()); } catch (e) { this.say('video: ' + e.message); return; }
    const v = this.video, b = v.buffered;
    if (!b.length) return;
    const last = b.length - 1, end = b.end(last);
    this.newest = end;
    // Held about the boxes' lag behind the newest video, so that a frame's boxes are there when it is shown. The hold
    // follows the lag both ways: a little too far behind, the video plays 10 % faster; a little too close (the boxes
    // came later than they did when it started: a busier box), 15 % slower; far off either way (a stall, a tab in the
    // background, a sudden slowdown) it jumps. A viewer's pause stays.
    const hold = Math.min(1.5, this.lag + 0.15), ahead = end - v.currentTime;
    if (!this.started) {
      this.started = true;
      v.currentTime = Math.max(b.start(last), end - hold);
      v.play().catch(() => {});
    } else if (!v.paused) {
      if (v.currentTime < b.start(last) || ahead > 2.5 || hold - ahead > 0.6) v.currentTime = Math.max(b.start(last), end - hold);
      v.playbackRate = ahead > hold + 0.25 ? 1.1 : ahead < hold - 0.02 ? 0.85 : 1.0;
    }
    if (!sb.updating && v.currentTime - b.start(0) > 30) sb.remove(b.start(0), v.currentTime - 10);
  }
  fallback(why) {
    this.fallen = true; this.stats.fallback = why;
    this.video.hidden = true; this.canvas.hidden = true; this.img.hidden = false;
    if (!this.img.src) this.img.src = '/cameras/' + encodeURIComponent(this.camera) + '/mjpeg' + this.query;
    this.say('MJPEG view: ' + why);
  }
  say(text) { this.note.textContent = text; this.note.hidden = !text; }
  // The boxes at media time t: each track's box interpolated between the processed frames around t.
  at(t) {
    const r = this.records;
    let i = r.length - 1;
    while (i >= 0 && r[i].t > t + 1e-4) i--;
    if (i < 0) return [];
    const a = r[i], b = r[i + 1];
    if (!b) return t - a.t < 0.5 ? a.tracks : [];
    const f = (t - a.t) / Math.max(1e-6, b.t - a.t);
    return a.tracks.map(x => {
      const y = b.tracks.find(k => k.id === x.id);
      if (!y) return x;
      return { ...x, box: x.box.map((v, k) => v + (y.box[k] - v) * f) };
    });
  }
  // From the frame leaving the agent's decoder to its display (ms): the nearest processed frame's wall-clock stamp,
  // moved by the media time between them (the camera's own pacing), against the frame's expected display time.
  latency(meta) {
    if (!meta || meta.expectedDisplayTime === undefined || !this.records.length) return NaN;
    const t = meta.mediaTime, near = this.records.reduce((a, r) => Math.abs(r.t - t) < Math.abs(a.t - t) ? r : a);
    return performance.timeOrigin + meta.expectedDisplayTime - (near.wall + (t - near.t) * 1000);
  }
  frame(meta) {
    const v = this.video, c = this.canvas;
    const t = meta && meta.mediaTime !== undefined ? meta.mediaTime : v.currentTime;
    this.stats.frames++; this.stats.mediaTime = t;
    this.stats.delay = this.newest !== undefined ? this.newest - t : 0;
    this.stats.latencyMs = this.latency(meta);
    const w = c.clientWidth, h = c.clientHeight;
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    const ctx = c.getContext('2d');
    ctx.clearRect(0, 0, w, h);
    const vw = v.videoWidth, vh = v.videoHeight;
    if (!vw || !vh) return;
    // object-fit: contain — where the video sits in the element.
    const s = Math.min(w / vw, h / vh), ox = (w - vw * s) / 2, oy = (h - vh * s) / 2;
    const tracks = this.at(t);
    this.stats.drawn = tracks.map(x => ({ id: x.id, label: x.label, box: x.box }));
    const rec = this.records.length ? this.records[this.records.length - 1] : null;
    const k = rec && rec.width ? vw / rec.width : 1;   // boxes are in the camera's pixels; the video is the camera's own
    const X = x => ox + x * k * s, Y = y => oy + y * k * s;
    ctx.lineWidth = 2; ctx.font = '13px system-ui, sans-serif';
    if (this.layers.zones && this.scene) {
      ctx.strokeStyle = 'rgba(80,170,255,0.9)'; ctx.fillStyle = 'rgba(80,170,255,0.12)';
      for (const z of this.scene.zones) {
        ctx.beginPath(); z.points.forEach((p, i) => i ? ctx.lineTo(X(p[0]), Y(p[1])) : ctx.moveTo(X(p[0]), Y(p[1])));
        ctx.closePath(); ctx.fill(); ctx.stroke(); ctx.fillStyle = 'rgba(80,170,255,0.9)';
        ctx.fillText(z.name, X(z.points[0][0]) + 4, Y(z.points[0][1]) + 14); ctx.fillStyle = 'rgba(80,170,255,0.12)';
      }
      ctx.strokeStyle = 'rgba(255,120,220,0.95)';
      for (const l of this.scene.lines) {
        ctx.beginPath(); ctx.moveTo(X(l.from[0]), Y(l.from[1])); ctx.lineTo(X(l.to[0]), Y(l.to[1])); ctx.stroke();
      }
    }
    for (const x of tracks) {
      const hue = (x.id * 67) % 360, color = 'hsl(' + hue + ',90%,55%)';
      if (this.layers.trails) {
        ctx.strokeStyle = color; ctx.beginPath();
        let first = true;
        for (const r of this.records) {
          if (r.t > t || t - r.t > 3) continue;
          const p = r.tracks.find(k => k.id === x.id);
          if (!p) continue;
          const px = X((p.box[0] + p.box[2]) / 2), py = Y(p.box[3]);
          if (first) { ctx.moveTo(px, py); first = false; } else ctx.lineTo(px, py);
        }
        ctx.stroke();
      }
      if (this.layers.boxes) { ctx.strokeStyle = color; ctx.strokeRect(X(x.box[0]), Y(x.box[1]), (x.box[2] - x.box[0]) * k * s, (x.box[3] - x.box[1]) * k * s); }
      const label = (this.layers.ids ? '#' + x.id + ' ' : '') + (this.layers.labels ? x.label + ' ' + x.score.toFixed(2) : '');
      if (label.trim()) {
        const tw = ctx.measureText(label).width;
        ctx.fillStyle = color; ctx.fillRect(X(x.box[0]), Y(x.box[1]) - 17, tw + 8, 17);
        ctx.fillStyle = '#000'; ctx.fillText(label, X(x.box[0]) + 4, Y(x.box[1]) - 4);
      }
    }
  }
}
