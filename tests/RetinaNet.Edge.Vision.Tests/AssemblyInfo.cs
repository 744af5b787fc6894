// The suite runs real Linux processes and services (mosquitto, ffmpeg, gst-rtsp-server, systemd-analyze).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
