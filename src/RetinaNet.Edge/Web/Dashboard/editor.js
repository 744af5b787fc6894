// The camera editor: add, edit and remove cameras through the camera API (/api/config/cameras — the agent writes the
// camera's file; the files stay the one source of truth), and draw zones and lines on the camera's live frame. The
// document is edited as the camera file's JSON; drawing adds to its "zones" and "lines" in the camera's own pixels.
class CameraEditor {
  constructor(query) {
    this.query = query;
    const p = this.panel = document.getElementById('editor');
    this.text = p.querySelector('textarea'); this.title = p.querySelector('h2'); this.problems = p.querySelector('.problems');
    p.querySelector('[data-act=validate]').onclick = () => this.send('validate');
    p.querySelector('[data-act=save]').onclick = () => this.send('save');
    p.querySelector('[data-act=delete]').onclick = () => this.remove();
    p.querySelector('[data-act=zone]').onclick = () => this.draw('zone');
    p.querySelector('[data-act=line]').onclick = () => this.draw('line');
    p.querySelector('[data-act=close]').onclick = () => this.close();
    document.getElementById('add-camera').onclick = () => this.open(null);
  }
  url(name, suffix) { return '/api/config/cameras/' + encodeURIComponent(name) + (suffix || '') + this.query; }
  async open(name) {
    this.name = name; this.say('', []);
    this.title.textContent = name ? 'Camera ' + name : 'New camera';
    this.panel.querySelector('[data-act=delete]').hidden = !name;
    if (name) {
      const r = await fetch(this.url(name));
      if (!r.ok) return this.say('cannot read ' + name + ': HTTP ' + r.status, []);
      this.text.value = JSON.stringify((await r.json()).camera, null, 2);
    } else {
      this.text.value = JSON.stringify({ name: 'new-camera', url: 'rtsp://user:password@192.168.1.10:554/stream1', detectFps: 5, zones: [], lines: [] }, null, 2);
    }
    this.panel.hidden = false;
  }
  close() { this.stopDrawing(); this.panel.hidden = true; }
  doc() {
    try { return JSON.parse(this.text.value); } catch (e) { this.say('not JSON: ' + e.message, []); return null; }
  }
  say(message, problems) {
    this.problems.innerHTML = '';
    if (message) { const m = document.createElement('div'); m.textContent = message; this.problems.appendChild(m); }
    for (const p of problems) { const li = document.createElement('li'); li.textContent = p; this.problems.appendChild(li); }
  }
  async send(what) {
    const d = this.doc();
    if (!d) return;
    if (!d.name) return this.say('the camera needs a name', []);
    const r = await fetch(this.url(d.name, what === 'validate' ? '/validate' : ''), {
      method: what === 'validate' ? 'POST' : 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(d, null, 2) });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) return this.say(body.error || 'refused (HTTP ' + r.status + ')', body.problems || []);
    if (what === 'validate') return this.say('valid', []);
    this.say(r.status === 201 ? 'added: the camera starts now' : 'saved: applied on the next frame (reconnects only if its source changed)', []);
    this.name = d.name; this.title.textContent = 'Camera ' + d.name;
    this.panel.querySelector('[data-act=delete]').hidden = false;
    window.dashboardRefresh && window.dashboardRefresh();
  }
  async remove() {
    if (!this.name || !confirm('Remove camera ' + this.name + '? Its file is deleted, its tracks end.')) return;
    const r = await fetch(this.url(this.name), { method: 'DELETE' });
    if (!r.ok) { const b = await r.json().catch(() => ({})); return this.say(b.error || 'refused (HTTP ' + r.status + ')', []); }
    const gone = this.name;
    this.close();
    window.dashboardRemoveTile && window.dashboardRemoveTile(gone);
  }
  // Draws on the tile of the camera being edited: clicks add points in the camera's pixels (a zone ends with a
  // double click, a line after two points); the shape is added to the document, then saved with Save.
  draw(kind) {
    const d = this.doc();
    if (!d) return;
    const view = window.liveViews && window.liveViews[d.name];
    if (!view) return this.say('draw on a running camera: save it first, then draw on its live frame', []);
    this.stopDrawing();
    const root = view.root, pad = document.createElement('canvas');
    pad.className = 'drawing'; root.appendChild(pad);
    const points = [];
    const size = () => view.cameraSize();
    const toCamera = ev => {
      const r = pad.getBoundingClientRect(), [cw, ch] = size();
      const s = Math.min(r.width / cw, r.height / ch), ox = (r.width - cw * s) / 2, oy = (r.height - ch * s) / 2;
      return [Math.round(Math.min(cw, Math.max(0, (ev.clientX - r.left - ox) / s))), Math.round(Math.min(ch, Math.max(0, (ev.clientY - r.top - oy) / s)))];
    };
    const paint = () => {
      const r = pad.getBoundingClientRect(); pad.width = r.width; pad.height = r.height;
      const [cw, ch] = size(), s = Math.min(r.width / cw, r.height / ch), ox = (r.width - cw * s) / 2, oy = (r.height - ch * s) / 2;
      const g = pad.getContext('2d'); g.strokeStyle = '#ff0'; g.lineWidth = 2; g.beginPath();
      points.forEach((p, i) => i ? g.lineTo(ox + p[0] * s, oy + p[1] * s) : g.moveTo(ox + p[0] * s, oy + p[1] * s));
      g.stroke(); points.forEach(p => g.strokeRect(ox + p[0] * s - 3, oy + p[1] * s - 3, 6, 6));
    };
    const finish = () => {
      const name = prompt(kind === 'zone' ? 'Zone name' : 'Line name (crossing from its left to its right counts as "in")');
      if (name) {
        const doc = this.doc() || d;
        if (kind === 'zone') (doc.zones = doc.zones || []).push({ name, points: points.slice() });
        else (doc.lines = doc.lines || []).push({ name, from: points[0], to: points[1] });
        this.text.value = JSON.stringify(doc, null, 2);
        this.say(kind + ' ' + name + ' added: Save to apply it', []);
      }
      this.stopDrawing();
    };
    pad.onclick = ev => {
      points.push(toCamera(ev)); paint();
      if (kind === 'line' && points.length === 2) finish();
    };
    pad.ondblclick = ev => {
      ev.preventDefault();
      // A double click also clicked twice on one spot: keep that corner once.
      for (let i = points.length - 1; i > 0; i--) if (Math.abs(points[i][0] - points[i - 1][0]) <= 3 && Math.abs(points[i][1] - points[i - 1][1]) <= 3) points.splice(i, 1);
      if (kind === 'zone' && points.length >= 3) finish();
    };
    this.drawing = pad;
    this.say(kind === 'zone' ? 'click the zone\'s corners on the video, double-click to close it' : 'click the line\'s two ends on the video', []);
    paint();
  }
  stopDrawing() { if (this.drawing) { this.drawing.remove(); this.drawing = null; } }
}
