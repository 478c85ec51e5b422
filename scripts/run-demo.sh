#!/usr/bin/env bash
# The main job on one machine: builds acm-stream (Java 17 and Maven are all it needs) and
# transcribes the shipped stereo call sample on an embedded local Flink with the shipped model.
# Extra arguments go to 'acm-stream transcribe' (try --format jsonl or --budget 0.5).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=flink-job/target/acm-stream.jar
if [ ! -f "$jar" ] || [ -n "$(find audio-io acm-asr flink-job -name '*.java' -newer "$jar" -print -quit)" ]; then
  ./mvnw -q -B -ntp install -DskipTests
fi
if [ -d models/acm ] || [ -d models/teacher ]; then
  exec java -jar "$jar" transcribe "$@" samples/call-stereo-ulaw-8k.wav
fi
exec java -jar "$jar" audio inspect samples/call-stereo-ulaw-8k.wav --png call-spectrogram.png
