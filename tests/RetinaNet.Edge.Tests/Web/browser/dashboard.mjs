// Usage: node dashboard.mjs URL SCREENSHOT.png CAMERAS
// Opens the dashboard in headless Debian chromium, waits for every camera tile, a live event and decoded MJPEG
// frames, takes a screenshot and prints what it saw as JSON.
import { launch } from './chromium.mjs';

const [url, shot, cameras] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  await page.goto(url);
  await page.waitForFunction(n => document.querySelectorAll('.camera').length >= n, Number(cameras), { timeout: 30000 });
  await page.waitForSelector('.event', { timeout: 45000 });
  await page.waitForFunction(() => [...document.querySelectorAll('.camera img')].every(i => i.naturalWidth > 0), null, { timeout: 30000 });
  await page.waitForTimeout(2500);
  await page.screenshot({ path: shot });
  const seen = await page.evaluate(() => ({
    cameras: [...document.querySelectorAll('.camera')].map(c => c.dataset.camera),
    states: [...document.querySelectorAll('.state')].map(s => s.textContent),
    events: document.querySelectorAll('.event').length,
    firstEvent: document.querySelector('.event')?.textContent ?? '',
    imageWidths: [...document.querySelectorAll('.camera img')].map(i => i.naturalWidth),
    counts: document.getElementById('counts').textContent,
  }));
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
