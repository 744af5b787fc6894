#!/usr/bin/python3
"""A live RTSP camera whose every frame carries the wall-clock time it was made, for glass-to-glass latency.

Usage: clock_camera.py PORT [WIDTH HEIGHT FPS]   — serves rtsp://127.0.0.1:PORT/clock (default 640x360 at 15 fps).

Each frame is made when it is due (a GLib timer at the frame rate) and pushed at once into x264enc (zerolatency)
and rtph264pay through gst-rtsp-server: like a camera's sensor and encoder. Its top band holds the time it was made,
in milliseconds since the Unix epoch modulo 2^32, as 32 black/white blocks (most significant first) between guard
blocks (black, white | data | white, black) — 36 blocks across the full width; a reader samples the
centre of each block, so the figure survives H.264 and any scaling. Below the band, a moving bar gives the encoder
real motion. The clock is CLOCK_REALTIME, the one a browser on the same box reads (performance.timeOrigin + now)."""
import sys
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

BLOCKS = 36
port = sys.argv[1]
width, height, fps = (int(v) for v in sys.argv[2:5]) if len(sys.argv) >= 5 else (640, 360, 15)
band = height // 6


def frame_bytes(now_ms: int, index: int) -> bytes:
    """A GRAY8 frame: the clock band on top, a moving bar below."""
    value = now_ms % (1 << 32)
    bits = [0, 1] + [(value >> (31 - k)) & 1 for k in range(32)] + [1, 0]
    row = bytearray()
    for k, bit in enumerate(bits):
        start, end = k * width // BLOCKS, (k + 1) * width // BLOCKS
        row += bytes([235 if bit else 16]) * (end - start)
    body = bytearray([96]) * width
    bar = (index * 8) % width
    body[bar:bar + 40] = bytes([200]) * len(body[bar:bar + 40])
    return bytes(row) * band + bytes(body) * (height - band)


class ClockFactory(GstRtspServer.RTSPMediaFactory):
    def do_create_element(self, url):
        launch = (f"( appsrc name=src is-live=true do-timestamp=true format=time "
                  f"caps=video/x-raw,format=GRAY8,width={width},height={height},framerate={fps}/1 ! "
                  "videoconvert ! video/x-raw,format=I420 ! "
                  f"x264enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} bitrate=3000 ! "
                  "rtph264pay name=pay0 pt=96 config-interval=1 )")
        return Gst.parse_launch(launch)

    def do_configure(self, media):
        src = media.get_element().get_by_name("src")
        state = {"index": 0}

        def push():
            data = frame_bytes(time.time_ns() // 1_000_000, state["index"])
            state["index"] += 1
            return src.emit("push-buffer", Gst.Buffer.new_wrapped(data)) == Gst.FlowReturn.OK or state["index"] < 5

        GLib.timeout_add(max(1, round(1000 / fps)), push)


Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = ClockFactory()
factory.set_shared(True)
server.get_mount_points().add_factory("/clock", factory)
if server.attach(None) == 0:
    sys.exit(f"cannot listen on 127.0.0.1:{port}")
print(f"rtsp://127.0.0.1:{port}/clock", flush=True)
GLib.MainLoop().run()
