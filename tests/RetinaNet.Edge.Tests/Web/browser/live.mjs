// Usage: node live.mjs URL SCREENSHOT.png CAMERA
// Opens one camera's full-size live view (URL#camera=NAME) in headless Debian chromium: waits until its video plays
// through Media Source Extensions, counts the frames presented over 3 s (requestVideoFrameCallback), then samples,
// 60 times, the media time of the frame on screen and the boxes the page drew for it. Prints what it saw as JSON.
import { chromium } from 'playwright-core';

const [url, shot, camera] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(url + '#camera=' + encodeURIComponent(camera));
  await page.waitForFunction(c => { const v = window.liveViews && window.liveViews[c]; return v && (v.stats.fallback || (v.video.videoWidth > 0 && v.stats.frames > 20)); },
    camera, { timeout: 45000 });
  const fallback = await page.evaluate(c => window.liveViews[c].stats.fallback, camera);
  if (fallback) { console.log(JSON.stringify({ fallback, errors })); process.exit(0); }
  const f0 = await page.evaluate(c => window.liveViews[c].stats.frames, camera);
  const t0 = Date.now();
  await page.waitForTimeout(3000);
  const f1 = await page.evaluate(c => window.liveViews[c].stats.frames, camera);
  const presentedFps = (f1 - f0) * 1000 / (Date.now() - t0);
  const samples = [];
  for (let i = 0; i < 60; i++) {
    // The page's own record of the frame it drew last: media time and boxes (camera pixels), read in one go.
    samples.push(await page.evaluate(c => { const s = window.liveViews[c].stats; return { t: s.mediaTime, delay: s.delay, boxes: s.drawn }; }, camera));
    await page.waitForTimeout(130);
  }
  await page.screenshot({ path: shot });
  const info = await page.evaluate(c => { const v = window.liveViews[c]; return { width: v.video.videoWidth, height: v.video.videoHeight, codec: v.codec, note: v.note.textContent }; }, camera);
  console.log(JSON.stringify({ ...info, presentedFps, samples, errors }));
} finally {
  await browser.close();
}
