#!/usr/bin/env bash
# Runs every test of the project. On Debian, as root, it first installs what the tests need
# (sox for decoder fixtures, the Asterisk prompts for real-speech tests, Chromium for the
# browser test); elsewhere those must already be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(sox libsox-fmt-all asterisk-core-sounds-en-wav asterisk-core-sounds-en chromium chromium-driver)
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

./mvnw -B -ntp verify "$@"
# The deployment test: a Flink cluster of separate JVMs with a Kafka broker, on loopback.
deploy/local-cluster.sh test
