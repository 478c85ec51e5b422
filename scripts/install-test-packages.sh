#!/usr/bin/env bash
# Installs with apt-get the Debian packages the tests need: sox for decoder fixtures, the
# Asterisk prompts and transcripts for real-speech tests, Chromium and its driver for the
# browser test. Installs only what is missing; does nothing without apt-get or root.
set -euo pipefail
packages=(sox libsox-fmt-all asterisk-core-sounds-en-wav asterisk-core-sounds-en chromium chromium-driver)
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
