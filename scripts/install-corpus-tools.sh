#!/usr/bin/env bash
# Installs the Debian packages that 'acm-stream train corpus' uses: the synthesizers, sox and
# the text packages. Only needed to rebuild the training corpus, not to run or test the job.
set -euo pipefail
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  sox libsox-fmt-all espeak-ng flite festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts \
  fortunes fortunes-min bible-kjv bible-kjv-text jargon-text wordnet wordnet-base
