// Usage: node review.mjs URL SCREENSHOT.png CLIP_ID
// Opens the review page (URL/review?clip=ID) in headless Debian chromium: waits until the clip plays through Media
// Source Extensions, then samples 25 presented frames: media time, the boxes the page drew on it (from the clip's
// stored boxes), and its pixels (320x180 grey) so that the test can tell which frame was on screen. Also fetches the
// clip with an HTTP range request, and counts the event history's rows (with a snapshot shown, pointing at this clip).
// Prints what it saw as JSON.
import { launch } from './chromium.mjs';

const [url, shot, clip] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(url + 'review?clip=' + encodeURIComponent(clip));
  await page.waitForFunction(() => { const p = window.reviewPlayer; return p && (p.stats.fallback || (p.video.videoWidth > 0 && p.stats.frames > 10)); }, null, { timeout: 45000 });
  const fallback = await page.evaluate(() => window.reviewPlayer.stats.fallback);
  const listed = await page.evaluate(() => document.querySelectorAll('.clip').length);
  const objects = await page.evaluate(id => {
    const rows = [...document.querySelectorAll('.object')];
    return { rows: rows.length, withSnapshot: rows.filter(r => { const i = r.querySelector('img'); return !i.hidden && i.complete && i.naturalWidth > 0; }).length,
      ofThisClip: rows.filter(r => r.dataset.clip === id).length };
  }, clip);
  if (fallback) {
    const note = await page.evaluate(() => window.reviewPlayer.note.textContent);
    console.log(JSON.stringify({ fallback, note, listed, objects, errors }));
    process.exit(0);
  }
  const range = await page.evaluate(async id => {
    const r = await fetch('/api/clips/' + id + '/video', { headers: { Range: 'bytes=0-99' } });
    return { status: r.status, length: (await r.arrayBuffer()).byteLength, contentRange: r.headers.get('content-range') };
  }, clip);
  const samples = [];
  for (let i = 0; i < 25; i++) {
    // A frame callback that never comes (playback stalled on a loaded box) gives up after 3 s instead of hanging.
    const sample = await page.evaluate(() => new Promise(resolve => {
      const p = window.reviewPlayer, v = p.video;
      if (v.ended) { v.currentTime = v.buffered.start(0); v.play(); }
      else if (v.paused) v.play().catch(() => {});
      setTimeout(() => resolve(null), 3000);
      v.requestVideoFrameCallback((now, meta) => {
        const cv = document.createElement('canvas'); cv.width = 320; cv.height = 180;
        const g = cv.getContext('2d'); g.drawImage(v, 0, 0, 320, 180);
        const px = g.getImageData(0, 0, 320, 180).data, grey = new Uint8Array(320 * 180);
        for (let k = 0; k < grey.length; k++) grey[k] = Math.round(0.299 * px[4 * k] + 0.587 * px[4 * k + 1] + 0.114 * px[4 * k + 2]);
        let bin = ''; for (let k = 0; k < grey.length; k++) bin += String.fromCharCode(grey[k]);
        resolve({ t: meta.mediaTime, boxes: p.at(meta.mediaTime).map(x => ({ id: x.id, label: x.label, box: x.box })), grey: btoa(bin) });
      });
    }));
    if (sample) samples.push(sample);
    await page.waitForTimeout(120);
  }
  // Headless chromium (no GPU) screenshots a stale video layer: pause, paint the frame into the image element under
  // the canvas and redraw its boxes (as the live-view test does).
  const drawnInShot = await page.evaluate(async () => {
    const p = window.reviewPlayer, v = p.video;
    v.pause();
    // The middle of the clip, where its objects are (its end is the post-roll).
    const b = v.buffered, mid = (b.start(0) + b.end(b.length - 1)) / 2;
    await new Promise(r => { v.addEventListener('seeked', r, { once: true }); v.currentTime = mid; setTimeout(r, 3000); });
    await new Promise(r => { v.requestVideoFrameCallback(r); setTimeout(r, 500); });
    const cv = document.createElement('canvas'); cv.width = v.videoWidth; cv.height = v.videoHeight;
    cv.getContext('2d').drawImage(v, 0, 0);
    p.img.src = cv.toDataURL('image/png'); p.img.hidden = false; p.canvas.style.zIndex = 1;
    p.frame({ mediaTime: v.currentTime });
    return p.stats.drawn.length;
  });
  await page.waitForTimeout(300);
  await page.screenshot({ path: shot });
  const info = await page.evaluate(() => { const p = window.reviewPlayer; return { width: p.video.videoWidth, height: p.video.videoHeight, codec: p.clip.codec, records: p.records.length }; });
  console.log(JSON.stringify({ ...info, listed, objects, range, drawnInShot, samples, errors }));
} finally {
  await browser.close();
}
