// Usage: node review.mjs URL SCREENSHOT.png CLIP_ID
// Opens the review page (URL/review?clip=ID) in headless Debian chromium: waits until the clip plays through Media
// Source Extensions, then samples 25 presented frames: media time, the boxes the page drew on it (from the clip's
// stored boxes), and its pixels (320x180 grey) so that the test can tell which frame was on screen. Also fetches the
// clip with an HTTP range request, and counts the event history's rows (with a snapshot shown, pointing at this clip).
// Prints what it saw as JSON.
import { launch } from './chromium.mjs';
import { openVideoPage } from './frames.mjs';

const [url, shot, clip] = process.argv.slice(2);
const browser = await launch();
try {
  const { page, errors } = await openVideoPage(browser, url + 'review?clip=' + encodeURIComponent(clip));
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
        resolve({ t: meta.mediaTime, boxes: p.at(meta.mediaTime).map(x => ({ id: x.id, label: x.label, box: x.box })), grey: window.probe.grey(v) });
      });
    }));
    if (sample) samples.push(sample);
    await page.waitForTimeout(120);
  }
  // The screenshot shows a paused frame of the clip's middle, where its objects are (its end is the post-roll), with
  // its boxes redrawn (frames.mjs).
  const drawnInShot = await page.evaluate(async () => {
    const p = window.reviewPlayer, v = p.video;
    v.pause();
    const b = v.buffered, mid = (b.start(0) + b.end(b.length - 1)) / 2;
    await new Promise(r => { v.addEventListener('seeked', r, { once: true }); v.currentTime = mid; setTimeout(r, 3000); });
    await new Promise(r => { v.requestVideoFrameCallback(r); setTimeout(r, 500); });
    return window.probe.paint(p);
  });
  await page.waitForTimeout(300);
  await page.screenshot({ path: shot });
  const info = await page.evaluate(() => { const p = window.reviewPlayer; return { width: p.video.videoWidth, height: p.video.videoHeight, codec: p.clip.codec, records: p.records.length }; });
  console.log(JSON.stringify({ ...info, listed, objects, range, drawnInShot, samples, errors }));
} finally {
  await browser.close();
}
