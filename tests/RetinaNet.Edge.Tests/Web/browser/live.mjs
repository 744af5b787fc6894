// Usage: node live.mjs URL SCREENSHOT.png CAMERA
// Opens one camera's full-size live view (URL#camera=NAME) in headless Debian chromium: waits until its video plays
// through Media Source Extensions, counts the frames presented over 3 s (requestVideoFrameCallback), then samples,
// 40 times, a presented frame: its media time, its expected display time (wall clock, ms), the boxes the page drew on it, and its pixels (320x180 grey, so that
// the test can tell which frame of the clip was really on screen). Prints what it saw as JSON.
import { launch } from './chromium.mjs';

const [url, shot, camera] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(url + '#camera=' + encodeURIComponent(camera));
  await page.waitForFunction(c => { const v = window.liveViews && window.liveViews[c]; return v && (v.stats.fallback || (v.video.videoWidth > 0 && v.stats.frames > 20)); },
    camera, { timeout: 45000 });
  const fallback = await page.evaluate(c => window.liveViews[c].stats.fallback, camera);
  if (fallback) {
    await page.waitForFunction(c => window.liveViews[c].img.naturalWidth > 0, camera, { timeout: 30000 });
    const shown = await page.evaluate(c => { const lv = window.liveViews[c]; return { note: lv.note.textContent, mjpegWidth: lv.img.naturalWidth, videoHidden: lv.video.hidden }; }, camera);
    console.log(JSON.stringify({ fallback, ...shown, errors }));
    process.exit(0);
  }
  const f0 = await page.evaluate(c => window.liveViews[c].stats.frames, camera);
  const t0 = Date.now();
  await page.waitForTimeout(3000);
  const f1 = await page.evaluate(c => window.liveViews[c].stats.frames, camera);
  const presentedFps = (f1 - f0) * 1000 / (Date.now() - t0);
  const samples = [];
  for (let i = 0; i < 40; i++) {
    samples.push(await page.evaluate(c => new Promise(resolve => {
      const lv = window.liveViews[c], v = lv.video;
      v.requestVideoFrameCallback((now, meta) => {
        const cv = document.createElement('canvas'); cv.width = 320; cv.height = 180;
        const g = cv.getContext('2d'); g.drawImage(v, 0, 0, 320, 180);
        const px = g.getImageData(0, 0, 320, 180).data, grey = new Uint8Array(320 * 180);
        for (let k = 0; k < grey.length; k++) grey[k] = Math.round(0.299 * px[4 * k] + 0.587 * px[4 * k + 1] + 0.114 * px[4 * k + 2]);
        let bin = ''; for (let k = 0; k < grey.length; k++) bin += String.fromCharCode(grey[k]);
        resolve({ t: meta.mediaTime, shownAt: performance.timeOrigin + meta.expectedDisplayTime, delay: lv.stats.delay, lag: lv.lag, latencyMs: lv.latency(meta), boxes: lv.at(meta.mediaTime).map(x => ({ id: x.id, label: x.label, box: x.box })), grey: btoa(bin) });
      });
    }), camera));
    await page.waitForTimeout(150);
  }
  // Headless chromium (no GPU) screenshots a stale video layer: for the picture, pause, paint the frame on screen
  // into the tile's image element under the canvas, and redraw the boxes for that frame.
  await page.waitForFunction(c => window.liveViews[c].stats.drawn.length >= 2, camera, { timeout: 20000 }).catch(() => {});
  const drawnInShot = await page.evaluate(c => {
    const lv = window.liveViews[c], v = lv.video;
    v.pause();
    const cv = document.createElement('canvas'); cv.width = v.videoWidth; cv.height = v.videoHeight;
    cv.getContext('2d').drawImage(v, 0, 0);
    lv.img.src = cv.toDataURL('image/png'); lv.img.hidden = false; lv.canvas.style.zIndex = 1;
    lv.frame({ mediaTime: v.currentTime });
    return lv.stats.drawn.length;
  }, camera);
  await page.waitForTimeout(300);
  await page.screenshot({ path: shot });
  const info = await page.evaluate(c => { const v = window.liveViews[c]; return { width: v.video.videoWidth, height: v.video.videoHeight, codec: v.codec, note: v.note.textContent }; }, camera);
  console.log(JSON.stringify({ ...info, presentedFps, drawnInShot, samples, errors }));
} finally {
  await browser.close();
}
