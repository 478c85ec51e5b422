#!/usr/bin/env bash
# Runs every test of the project: the Maven build with all module tests, then the deployment
# test on a loopback Flink cluster. On Debian, as root, it first installs what the tests need
# (scripts/install-test-packages.sh); elsewhere those must already be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-packages.sh
./mvnw -B -ntp verify "$@"
# The deployment test: a Flink cluster of separate JVMs with a Kafka broker, on loopback.
deploy/local-cluster.sh test
