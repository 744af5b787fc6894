#!/usr/bin/python3
"""A real RTSP server for integration tests: gst-rtsp-server streaming a video file as H.264 (looped).

Usage: rtsp_server.py VIDEO PORT [MOUNT]   — serves rtsp://127.0.0.1:PORT/MOUNT (default /test)."""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

video, port = sys.argv[1], sys.argv[2]
mount = sys.argv[3] if len(sys.argv) > 3 else "/test"
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    f'( multifilesrc location="{video}" loop=true ! avidemux ! jpegdec ! videoconvert ! '
    "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 bitrate=2000 ! "
    "rtph264pay name=pay0 pt=96 config-interval=1 )"
)
factory.set_shared(True)
server.get_mount_points().add_factory(mount, factory)
if server.attach(None) == 0:
    sys.exit(f"cannot listen on 127.0.0.1:{port}")
print(f"rtsp://127.0.0.1:{port}{mount}", flush=True)
GLib.MainLoop().run()
