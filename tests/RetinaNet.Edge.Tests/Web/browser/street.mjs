// Usage: node street.mjs URL SCREENSHOT.png
// The demo on real footage: opens the dashboard in headless Debian chromium, waits until a walker has crossed the
// counting line (a crossed event counted on the page) and the live view draws boxes, takes a screenshot and prints
// what it saw as JSON.
import { launch } from './chromium.mjs';

const [url, shot] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 820 } });
  await page.goto(url);
  await page.waitForSelector('.camera', { timeout: 30000 });
  await page.waitForSelector('#counts .crossing', { timeout: 90000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: shot });
  const seen = await page.evaluate(() => {
    return {
      states: [...document.querySelectorAll('.state')].map(s => s.textContent),
      events: [...document.querySelectorAll('.event')].map(e => e.textContent),
      counts: document.getElementById('counts').textContent,
      crossings: [...document.querySelectorAll('#counts .crossing')].map(s => s.textContent),
    };
  });
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
