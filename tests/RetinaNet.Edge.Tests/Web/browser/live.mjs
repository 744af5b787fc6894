// Usage: node live.mjs URL SCREENSHOT.png CAMERA
// Opens one camera's full-size live view (URL#camera=NAME) in headless Debian chromium: waits until its video plays
// through Media Source Extensions, counts the frames presented over 3 s (requestVideoFrameCallback), then samples,
// 40 times, a presented frame: its media time, its expected display time (wall clock, ms), the boxes the page drew on it, and its pixels (320x180 grey, so that
// the test can tell which frame of the clip was really on screen). Prints what it saw as JSON.
import { launch } from './chromium.mjs';
import { openVideoPage } from './frames.mjs';

const [url, shot, camera] = process.argv.slice(2);
const browser = await launch();
try {
  const { page, errors } = await openVideoPage(browser, url + '#camera=' + encodeURIComponent(camera));
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
        resolve({ t: meta.mediaTime, shownAt: performance.timeOrigin + meta.expectedDisplayTime, delay: lv.stats.delay, lag: lv.lag, latencyMs: lv.latency(meta), boxes: lv.at(meta.mediaTime).map(x => ({ id: x.id, label: x.label, box: x.box })), grey: window.probe.grey(v) });
      });
    }), camera));
    await page.waitForTimeout(150);
  }
  // The screenshot shows a paused frame with its boxes redrawn (frames.mjs: headless chromium's video layer is stale).
  await page.waitForFunction(c => window.liveViews[c].stats.drawn.length >= 2, camera, { timeout: 20000 }).catch(() => {});
  const drawnInShot = await page.evaluate(c => window.probe.paint(window.liveViews[c]), camera);
  await page.waitForTimeout(300);
  await page.screenshot({ path: shot });
  const info = await page.evaluate(c => { const v = window.liveViews[c]; return { width: v.video.videoWidth, height: v.video.videoHeight, codec: v.codec, note: v.note.textContent }; }, camera);
  console.log(JSON.stringify({ ...info, presentedFps, drawnInShot, samples, errors }));
} finally {
  await browser.close();
}
