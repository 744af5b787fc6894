#!/usr/bin/env bash
# Runs "$@" with the host's CPU cache topology hidden (empty tmpfs over /sys/devices/system/cpu/cpu*/cache), in the
# private mount namespace check.sh starts it in. qemu-user shows the emulated arm64 program the x86 host's /sys; ONNX
# Runtime's cpuinfo (arm64 build) reads the cache layout there and crashes (SIGSEGV, NULL) on some hosts — seen on an
# AMD EPYC VM whose L3 is shared by all cores. Without the files it takes its defaults. exec keeps the process id.
for d in /sys/devices/system/cpu/cpu[0-9]*/cache; do
  [ -d "$d" ] && mount -t tmpfs -o size=4k none "$d" 2>/dev/null || true
done
exec "$@"
