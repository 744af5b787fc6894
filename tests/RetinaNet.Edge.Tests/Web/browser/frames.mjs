// What the video tests (live view, review page) do inside the page, in one place: open it with its errors collected,
// read the pixels of the frame on screen, and paint that frame for a screenshot.
export async function openVideoPage(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.addInitScript(installProbe);
  await page.goto(url);
  return { page, errors };
}

// Runs in the page before its own scripts: window.probe.grey(video) and window.probe.paint(player), where a player
// (a live view tile or the review player) has video, img, canvas, frame(meta) and stats.drawn.
function installProbe() {
  window.probe = {
    // The presented frame's pixels as 320x180 grey, base64: the test tells which frame of the clip was on screen.
    grey(video) {
      const cv = document.createElement('canvas'); cv.width = 320; cv.height = 180;
      const g = cv.getContext('2d'); g.drawImage(video, 0, 0, 320, 180);
      const px = g.getImageData(0, 0, 320, 180).data;
      let bin = '';
      for (let k = 0; k < 320 * 180; k++) bin += String.fromCharCode(Math.round(0.299 * px[4 * k] + 0.587 * px[4 * k + 1] + 0.114 * px[4 * k + 2]));
      return btoa(bin);
    },
    // Headless chromium (no GPU) screenshots a stale video layer: pause, paint the frame on screen into the image
    // element under the canvas and redraw that frame's boxes. Returns how many boxes were drawn.
    paint(player) {
      const v = player.video;
      v.pause();
      const cv = document.createElement('canvas'); cv.width = v.videoWidth; cv.height = v.videoHeight;
      cv.getContext('2d').drawImage(v, 0, 0);
      player.img.src = cv.toDataURL('image/png'); player.img.hidden = false; player.canvas.style.zIndex = 1;
      player.frame({ mediaTime: v.currentTime });
      return player.stats.drawn.length;
    },
  };
}
