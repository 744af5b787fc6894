// Usage: node editor.mjs URL SCREENSHOT.png CAMERA_JSON
// Drives the dashboard's camera editor in headless Debian chromium as an operator would: adds a camera (CAMERA_JSON)
// with "Add camera", waits for its tile to play, opens its editor, draws a zone (three corners, double click) and a
// line (two clicks) on its live frame, saves, then removes the dashboard's first camera ("yard"). Prints what it saw.
import { launch } from './chromium.mjs';

const [url, shot, cameraJson] = process.argv.slice(2);
const camera = JSON.parse(cameraJson).name;
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  const names = { zone: 'door', line: 'walkway' };
  page.on('dialog', d => d.type() === 'prompt' ? d.accept(d.message().startsWith('Zone') ? names.zone : names.line) : d.accept());
  await page.goto(url);
  await page.waitForFunction(() => window.liveViews && window.liveViews.yard, null, { timeout: 30000 });
  // Add a camera.
  await page.click('#add-camera');
  await page.fill('#editor textarea', cameraJson);
  await page.click('#editor [data-act=save]');
  await page.waitForFunction(() => /added/.test(document.querySelector('#editor .problems').textContent), null, { timeout: 15000 });
  const added = await page.textContent('#editor .problems');
  await page.click('#editor [data-act=close]');
  await page.waitForFunction(c => { const v = window.liveViews && window.liveViews[c]; return v && v.video.videoWidth > 0 && v.stats.frames > 5; }, camera, { timeout: 45000 });
  // Edit it: draw a zone and a line on its live frame.
  await page.click(`.camera[data-camera="${camera}"] [data-edit]`);
  await page.waitForFunction(c => document.querySelector('#editor textarea').value.includes('"' + c + '"'), camera, { timeout: 10000 });
  const box = await page.locator(`.camera[data-camera="${camera}"] .view`).boundingBox();
  const at = (fx, fy) => ({ x: box.x + fx * box.width, y: box.y + fy * box.height });
  await page.click('#editor [data-act=zone]');
  for (const [fx, fy] of [[0.1, 0.1], [0.5, 0.1]]) { const p = at(fx, fy); await page.mouse.click(p.x, p.y); }
  { const p = at(0.5, 0.9); await page.mouse.dblclick(p.x, p.y); }
  await page.click('#editor [data-act=line]');
  for (const [fx, fy] of [[0.7, 0.1], [0.7, 0.9]]) { const p = at(fx, fy); await page.mouse.click(p.x, p.y); }
  await page.click('#editor [data-act=save]');
  await page.waitForFunction(() => /saved/.test(document.querySelector('#editor .problems').textContent), null, { timeout: 15000 });
  // The page's live view gets the new scene from the agent (the WebSocket pushes edited zones).
  await page.waitForFunction(([c, z]) => { const v = window.liveViews[c]; return v.scene && v.scene.zones.some(x => x.name === z); }, [camera, names.zone], { timeout: 15000 });
  const scene = await page.evaluate(c => window.liveViews[c].scene, camera);
  await page.waitForTimeout(500);
  await page.screenshot({ path: shot });
  // Remove the first camera.
  await page.click('.camera[data-camera="yard"] [data-edit]');
  await page.waitForFunction(() => document.querySelector('#editor textarea').value.includes('"yard"'), null, { timeout: 10000 });
  await page.click('#editor [data-act=delete]');
  await page.waitForFunction(() => !document.querySelector('.camera[data-camera="yard"]') && !window.liveViews.yard, null, { timeout: 15000 });
  await page.waitForTimeout(2500); // a refresh of the camera list must not bring it back
  const tiles = await page.evaluate(() => [...document.querySelectorAll('.camera')].map(t => t.dataset.camera));
  console.log(JSON.stringify({ added, viewBox: box, scene, tiles, errors }));
} catch (e) {
  // What the page showed when a step timed out: which tiles and live views it had and what each said.
  const page = browser.contexts()[0]?.pages()[0];
  if (page) console.error(JSON.stringify(await page.evaluate(() => ({
    tiles: [...document.querySelectorAll('.camera')].map(t => ({ camera: t.dataset.camera, bar: t.querySelector('.bar').textContent, note: t.querySelector('.note').textContent })),
    views: Object.fromEntries(Object.entries(window.liveViews || {}).map(([k, v]) => [k, { frames: v.stats.frames, width: v.video.videoWidth, fallback: v.stats.fallback }])),
    editor: document.querySelector('#editor .problems')?.textContent,
  })).catch(x => String(x))));
  throw e;
} finally {
  await browser.close();
}
