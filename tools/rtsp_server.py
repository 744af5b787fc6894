#!/usr/bin/python3
"""A real RTSP server for tests and evaluation: gst-rtsp-server streaming an MJPEG AVI file as H.264.

Usage: rtsp_server.py VIDEO PORT [--once]   — serves rtsp://127.0.0.1:PORT/test.
A VIDEO ending in .mp4 is H.264 passed through as it is (no re-encoding: damaged data stays damaged).
Default: one looping stream shared by all clients. --once: every client gets its own stream from the first frame,
which ends with the file (frame numbers then line up with the file's ground truth)."""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

video, port = sys.argv[1], sys.argv[2]
once = "--once" in sys.argv[3:]
mount = "/test"
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
source = f'{"filesrc" if once else "multifilesrc"} location="{video}" {"" if once else "loop=true"}'
if video.endswith(".mp4"):
    factory.set_launch(f"( {source} ! qtdemux ! rtph264pay name=pay0 pt=96 config-interval=1 )")
else:
    factory.set_launch(
        f"( {source} ! avidemux ! jpegdec ! videoconvert ! "
        "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 bitrate=2000 ! "
        "rtph264pay name=pay0 pt=96 config-interval=1 )"
    )
factory.set_shared(not once)
server.get_mount_points().add_factory(mount, factory)
if server.attach(None) == 0:
    sys.exit(f"cannot listen on 127.0.0.1:{port}")
print(f"rtsp://127.0.0.1:{port}{mount}", flush=True)
GLib.MainLoop().run()
