#!/usr/bin/env bash
# Makes the shipped demo samples with our own synthetic voices (no third-party recordings):
#   samples/call-stereo-ulaw-8k.wav  a two-party call, agent on ch0 and customer on ch1,
#                                    8 kHz mu-law stereo as telephony systems record it
#   samples/hello-16k.wav            a short 16 kHz mono utterance
# Needs sox, flite and espeak-ng. The outputs are committed; rerun only to change them.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say_agent() { flite -voice slt -t "$1" -o "$2"; }
say_customer() { espeak-ng -v en-us+m3 -s 160 -w "$2" "$1"; }

agent=(
  "thank you for calling acme support, this is mary, how can i help you today"
  "i am sorry to hear that, can i have your account number please"
  "thank you, please hold while i look that up"
  "i have reset your router, it should be working in two minutes"
)
customer=(
  "hi, my internet keeps disconnecting"
  "sure, it is four seven two nine one eight"
  "okay, thanks"
  "great, thank you so much, goodbye"
)
# Interleave turns: each side is silent while the other talks.
parts_a=(); parts_c=()
for i in "${!agent[@]}"; do
  say_agent "${agent[$i]}" "$tmp/a$i.wav"
  say_customer "${customer[$i]}" "$tmp/c$i.wav"
  sox "$tmp/a$i.wav" -r 8000 -c 1 "$tmp/a$i-8k.wav"
  sox "$tmp/c$i.wav" -r 8000 -c 1 "$tmp/c$i-8k.wav"
  da=$(soxi -D "$tmp/a$i-8k.wav"); dc=$(soxi -D "$tmp/c$i-8k.wav")
  sox -n -r 8000 -c 1 "$tmp/sa$i.wav" trim 0 "$da"
  sox -n -r 8000 -c 1 "$tmp/sc$i.wav" trim 0 "$dc"
  sox -n -r 8000 -c 1 "$tmp/gap$i.wav" trim 0 0.4
  parts_a+=("$tmp/a$i-8k.wav" "$tmp/gap$i.wav" "$tmp/sc$i.wav" "$tmp/gap$i.wav")
  parts_c+=("$tmp/sa$i.wav" "$tmp/gap$i.wav" "$tmp/c$i-8k.wav" "$tmp/gap$i.wav")
done
sox "${parts_a[@]}" "$tmp/agent.wav"
sox "${parts_c[@]}" "$tmp/customer.wav"
sox -M "$tmp/agent.wav" "$tmp/customer.wav" -e u-law samples/call-stereo-ulaw-8k.wav sinc 300-3400
flite -voice rms -t "good morning, i would like to check the status of my order" -o "$tmp/hello.wav"
sox "$tmp/hello.wav" -r 16000 -b 16 samples/hello-16k.wav
soxi samples/call-stereo-ulaw-8k.wav samples/hello-16k.wav | grep -E "Input|Channels|Rate|Duration|Encoding"
