#!/usr/bin/env bash
# Builds OpenCvSharp's native bridge, libOpenCvSharpExtern.so, for boxes that NuGet has no runtime package for
# (Jetson / linux-arm64), with only what the agent calls: OpenCV's core, imgproc, imgcodecs and videoio (every other
# binding is left out with the source's own NO_* options). The version is pinned to the OpenCvSharp4 NuGet package
# the agent references, so the managed side and the bridge agree.
#   deploy/build-opencvsharp.sh [--source DIR] [--arch native|arm64] [--sysroot DIR] [--out DIR]
# --source DIR   the OpenCvSharp source: a folder (src/CMakeLists.txt inside) or a .tar.gz of one; default: the pinned tag is downloaded
#                from GitHub (on a box with internet).
# --arch native  (default) build on this box against its own OpenCV: JetPack 6's 4.8, Debian's libopencv-dev 4.6
#                (apt-get install cmake g++ libopencv-dev); found by CMake's find_package.
# --arch arm64   cross-build on an x86-64 host with Debian's g++-aarch64-linux-gnu against Debian 12's arm64 OpenCV in
#                a root folder (--sysroot; made by deploy/arm64-sysroot.sh when absent).
# --out DIR      where the library goes (default: build/native/linux-<arch>/). Prints its path on the last line.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tag=4.13.0.20260627
source="" arch=native sysroot="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --source) source=${2:?}; shift 2 ;;
    --arch) arch=${2:?}; shift 2 ;;
    --sysroot) sysroot=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "build-opencvsharp: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$arch" in native|arm64) ;; *) echo "build-opencvsharp: --arch must be native or arm64, not '$arch'" >&2; exit 2 ;; esac
command -v cmake >/dev/null || { echo "build-opencvsharp: cmake is required (apt-get install cmake)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# The pinned source is vendored in the repository (deploy/vendor): a box that reaches only the package registries
# builds offline. Only without it is the tag downloaded.
vendored="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/vendor/opencvsharp-$tag-native-src.tar.gz"
if [ -z "$source" ] && [ -f "$vendored" ]; then
  echo "build-opencvsharp: using the vendored source $vendored"
  source=$vendored
fi
if [ -z "$source" ]; then
  echo "build-opencvsharp: downloading OpenCvSharp $tag"
  curl -fsSL "https://github.com/shimat/opencvsharp/archive/refs/tags/$tag.tar.gz" | tar xz -C "$work"
  source="$work/opencvsharp-$tag"
fi
if [ -f "$source" ]; then # an archive of the source tree (e.g. the vendored .tar.gz)
  mkdir -p "$work/unpacked" && tar xzf "$source" -C "$work/unpacked"
  source=$(dirname "$(find "$work/unpacked" -path '*/src/CMakeLists.txt' | head -1)")/..
fi
[ -f "$source/src/CMakeLists.txt" ] || { echo "build-opencvsharp: $source holds no src/CMakeLists.txt (an OpenCvSharp source tree)" >&2; exit 2; }

# Only the bindings of the four modules the agent uses: the other binding files are left out of the copy that is
# built (besides the NO_* options, which empty them but still cost a full OpenCV header parse each).
mkdir -p "$work/src"
cp -r "$source/src/." "$work/src/"
find "$work/src/OpenCvSharpExtern" -name '*.cpp' ! -name core.cpp ! -name imgproc.cpp ! -name imgcodecs.cpp \
  ! -name videoio.cpp ! -name 'std_*.cpp' -delete
source_dir="$work/src"
options=(-DNO_CONTRIB=ON -DNO_STITCHING=ON -DNO_CALIB3D=ON -DNO_VIDEO=ON -DNO_FEATURES2D=ON -DNO_FLANN=ON -DNO_DNN=ON
         -DNO_ML=ON -DNO_OBJDETECT=ON -DNO_PHOTO=ON -DNO_BARCODE=ON -DNO_HIGHGUI=ON -DCMAKE_BUILD_TYPE=Release)
modules=(core imgproc imgcodecs videoio)

if [ "$arch" = arm64 ]; then
  command -v aarch64-linux-gnu-g++ >/dev/null || { echo "build-opencvsharp: aarch64-linux-gnu-g++ is required (apt-get install g++-aarch64-linux-gnu)" >&2; exit 1; }
  [ -n "$sysroot" ] || sysroot="$repo/build/sysroot-arm64"
  "$repo/deploy/arm64-sysroot.sh" "$sysroot"
  sysroot=$(cd "$sysroot" && pwd)
  libdir="$sysroot/usr/lib/aarch64-linux-gnu"
  # Debian splits OpenCV's CMake package (libopencv-dev) from the module packages, and its opencv_modules.hpp names
  # every module Debian built. Describe the four modules that are in the root instead.
  mkdir -p "$work/opencv/opencv2"
  {
    echo "#pragma once"
    for m in "${modules[@]}"; do echo "#define HAVE_OPENCV_${m^^}"; done
  } > "$work/opencv/opencv2/opencv_modules.hpp"
  libs=""; for m in "${modules[@]}"; do libs="$libs $libdir/libopencv_$m.so"; done
  cat > "$work/opencv/OpenCVConfig.cmake" <<CMAKE
set(OpenCV_FOUND TRUE)
set(OpenCV_VERSION 4.6.0)
set(OpenCV_INCLUDE_DIRS "$work/opencv" "$sysroot/usr/include/opencv4" "$sysroot/usr/include/aarch64-linux-gnu/opencv4")
set(OpenCV_INCLUDE_DIR "\${OpenCV_INCLUDE_DIRS}")
set(OpenCV_LIBRARIES $libs)
CMAKE
  cat > "$work/toolchain.cmake" <<CMAKE
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_SKIP_RPATH ON)
set(CMAKE_SHARED_LINKER_FLAGS "-Wl,-rpath-link,$libdir:$sysroot/lib/aarch64-linux-gnu -Wl,--as-needed")
CMAKE
  options+=(-DCMAKE_TOOLCHAIN_FILE="$work/toolchain.cmake" -DOpenCV_DIR="$work/opencv" -DIconv_INCLUDE_DIR=/nonexistent)
  rid=linux-arm64
else
  case "$(uname -m)" in aarch64) rid=linux-arm64 ;; x86_64) rid=linux-x64 ;; *) rid="linux-$(uname -m)" ;; esac
  options+=(-DCMAKE_SHARED_LINKER_FLAGS=-Wl,--as-needed)
fi
[ -n "$out" ] || out="$repo/build/native/$rid"
cmake -S "$source_dir" -B "$work/build" "${options[@]}" >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log" >&2; exit 1; }
echo "build-opencvsharp: compiling the bridge for $rid ($(nproc) jobs)"
cmake --build "$work/build" -j "$(nproc)" >"$work/build.log" 2>&1 || { grep -E 'error|Error' "$work/build.log" | head -40 >&2; exit 1; }
lib=$(find "$work/build" -name libOpenCvSharpExtern.so -type f | head -1)
[ -n "$lib" ] || { echo "build-opencvsharp: the build made no libOpenCvSharpExtern.so" >&2; exit 1; }
mkdir -p "$out"
${CROSS_STRIP:-$([ "$arch" = arm64 ] && echo aarch64-linux-gnu-strip || echo strip)} -o "$out/libOpenCvSharpExtern.so" "$lib"
echo "$out/libOpenCvSharpExtern.so"
