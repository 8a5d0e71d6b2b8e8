#!/usr/bin/env bash
# Regenerates the demo's offline sample video (committed, so the run command never needs ffmpeg):
# 8 s of ffmpeg's test pattern with a tone, as MP4 and as a small HLS ladder.
set -euo pipefail
out="$(dirname "$0")/../embed-demo/media"
mkdir -p "$out/hls"
ffmpeg -y -loglevel error -f lavfi -i testsrc=duration=8:size=480x270:rate=24 -f lavfi -i sine=frequency=440:duration=8 \
  -c:v libx264 -preset veryfast -crf 32 -g 48 -keyint_min 48 -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 48k -movflags +faststart "$out/sample.mp4"
ffmpeg -y -loglevel error -i "$out/sample.mp4" -c copy -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 \
  -hls_segment_filename "$out/hls/segment-%03d.m4s" "$out/hls/index.m3u8"
ffmpeg -y -loglevel error -ss 1 -i "$out/sample.mp4" -frames:v 1 -q:v 5 "$out/poster.jpg"
