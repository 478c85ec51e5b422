'use strict';
// acm-stream live page: streams the microphone or a WAV file to /v1/stream and shows the events.

const RATE = 16000;           // the microphone's rate, and the rate of files that are not WAV
const FRAME_MS = 20;

const $ = (id) => document.getElementById(id);
const ui = {
  mic: $('mic'), file: $('file'), stop: $('stop'), token: $('token'), drop: $('drop'),
  status: $('status'), stream: $('stream'), stats: $('stats'), model: $('model'),
  final: $('final'), partial: $('partial'), learnersCaption: $('learnersCaption'),
};

let learners = 0;             // N of the model; 0 for a dense model
let session = null;           // the current stream, or null

// ---- status and transcript -------------------------------------------------------------

function setStatus(state, text) {
  ui.status.dataset.state = state;
  ui.status.textContent = text || state;
}

function resetTranscript() {
  ui.final.textContent = '';
  ui.partial.textContent = '';
  budgetChart.clear();
  learnersChart.clear();
}

// ---- charts ----------------------------------------------------------------------------

class LineChart {
  constructor(canvas, yMin, yMax, color, yLabel) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.yMin = yMin;
    this.yMax = yMax;
    this.color = color;
    this.yLabel = yLabel;
    this.points = [];
    this.draw();
  }

  clear() { this.points = []; this.draw(); }

  setRange(yMin, yMax) { this.yMin = yMin; this.yMax = yMax; this.draw(); }

  add(t, y) { this.points.push([t, y]); this.draw(); }

  draw() {
    const { ctx, canvas } = this;
    const w = canvas.width, h = canvas.height, left = 40, bottom = 22, top = 8, right = 8;
    ctx.clearRect(0, 0, w, h);
    ctx.font = '11px system-ui, sans-serif';
    ctx.strokeStyle = '#d9dee4';
    ctx.fillStyle = '#6b7785';
    ctx.lineWidth = 1;
    const tMax = Math.max(10, this.points.length ? this.points[this.points.length - 1][0] : 0);
    const tMin = Math.max(0, tMax - 60);  // the last minute
    const x = (t) => left + (w - left - right) * (t - tMin) / (tMax - tMin);
    const y = (v) => top + (h - top - bottom) * (1 - (v - this.yMin) / (this.yMax - this.yMin));
    for (let i = 0; i <= 4; i++) {
      const v = this.yMin + (this.yMax - this.yMin) * i / 4;
      ctx.beginPath(); ctx.moveTo(left, y(v)); ctx.lineTo(w - right, y(v)); ctx.stroke();
      ctx.fillText(v.toFixed(v >= 10 ? 0 : 2), 4, y(v) + 4);
    }
    for (let s = Math.ceil(tMin / 10) * 10; s <= tMax; s += 10) {
      ctx.fillText(s + ' s', Math.min(x(s) - 8, w - right - 26), h - 6);
    }
    const pts = this.points.filter((p) => p[0] >= tMin);
    if (pts.length === 0) {
      ctx.fillText('no data yet', left + 10, top + 20);
      return;
    }
    ctx.strokeStyle = this.color;
    ctx.fillStyle = this.color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    pts.forEach((p, i) => {
      // A step line: the value holds until the next event.
      if (i === 0) ctx.moveTo(x(p[0]), y(p[1]));
      else { ctx.lineTo(x(p[0]), y(pts[i - 1][1])); ctx.lineTo(x(p[0]), y(p[1])); }
    });
    ctx.stroke();
    for (const p of pts) { ctx.fillRect(x(p[0]) - 2, y(p[1]) - 2, 4, 4); }
  }
}

const budgetChart = new LineChart($('budgetChart'), 0, 1, '#0b6bcb');
const learnersChart = new LineChart($('learnersChart'), 0, 4, '#c2410c');

// ---- the WebSocket stream --------------------------------------------------------------

class LiveStream {
  constructor(onOpen, rate) {
    this.rate = rate;
    this.t0 = performance.now();
    this.audioSeconds = 0;
    this.events = 0;
    this.closed = false;
    const token = ui.token.value.trim();
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${proto}://${location.host}/v1/stream?encoding=s16le&rate=${rate}&channels=1`
      + (token ? `&access_token=${encodeURIComponent(token)}` : '');
    this.ws = new WebSocket(url);
    this.ws.binaryType = 'arraybuffer';
    this.ws.onmessage = (m) => this.onMessage(JSON.parse(m.data));
    this.ws.onclose = (c) => this.onClose(c);
    this.ws.onerror = () => { /* onclose follows with the code */ };
    this.ws.onopen = () => { setStatus('connecting', 'connecting...'); };
    this.onOpen = onOpen;
    this.sourceStop = null;
  }

  send(pcm16) {
    if (this.ws.readyState === WebSocket.OPEN && !this.ended) {
      this.ws.send(pcm16);
      this.audioSeconds += pcm16.byteLength / 2 / this.rate;
    }
  }

  /** No more audio: the gateway finishes the transcript, sends the end event and closes with 1000. */
  end() {
    if (this.ended) return;
    this.ended = true;
    if (this.sourceStop) this.sourceStop();
    if (this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: 'end' }));
      setStatus('finishing', 'finishing the transcript...');
    }
  }

  onMessage(e) {
    this.events++;
    const t = (performance.now() - this.t0) / 1000;
    if (e.type === 'hello') {
      ui.stream.textContent = `stream ${e.stream}`;
      setStatus('streaming', 'streaming');
      this.onOpen(this);
      return;
    }
    if (e.type === 'partial' || e.type === 'final') {
      budgetChart.add(t, e.budget);
      learnersChart.add(t, learners > 0 ? e.learnerFraction * learners : e.learnerFraction);
    }
    if (e.type === 'partial') {
      ui.partial.textContent = e.text;
    } else if (e.type === 'final') {
      if (e.text) {
        ui.final.textContent += (ui.final.textContent ? ' ' : '') + e.text;
      }
      ui.partial.textContent = '';
    }
    const lag = e.lagMs != null ? `, lag ${e.lagMs} ms` : '';
    ui.stats.textContent = `${this.audioSeconds.toFixed(1)} s sent, ${this.events} events${lag}`;
  }

  onClose(c) {
    this.closed = true;
    if (this.sourceStop) this.sourceStop();
    ui.partial.textContent = '';
    if (c.code === 1000) {
      setStatus('finished', 'finished');
    } else {
      setStatus('error', `closed: ${c.code} ${c.reason || ''}`.trim());
    }
    controlsIdle();
    if (session === this) session = null;
  }
}

// ---- sources: microphone and WAV file --------------------------------------------------

async function startMicrophone() {
  const media = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: false, autoGainControl: true },
  });
  const ctx = new AudioContext({ sampleRate: RATE });
  await ctx.audioWorklet.addModule('capture-worklet.js');
  const source = ctx.createMediaStreamSource(media);
  const node = new AudioWorkletNode(ctx, 'capture-processor');
  const s = startStream(ctx.sampleRate, () => {
    node.port.onmessage = (m) => s.send(m.data);
    source.connect(node);
    // The worklet writes silence; connecting it to the output keeps Chromium pulling it.
    node.connect(ctx.destination);
  });
  s.sourceStop = () => {
    s.sourceStop = null;
    node.port.onmessage = null;
    source.disconnect();
    node.disconnect();
    media.getTracks().forEach((tr) => tr.stop());
    ctx.close();
  };
  ui.mic.classList.add('on');
  ui.mic.textContent = 'Microphone on';
}

/** The sample rate in a WAV header, or 0 if the bytes are not a WAV file. */
function wavRate(bytes) {
  const v = new DataView(bytes);
  if (bytes.byteLength < 28 || v.getUint32(0) !== 0x52494646 || v.getUint32(8) !== 0x57415645) return 0; // 'RIFF', 'WAVE'
  const rate = v.getUint32(24, true);
  return rate >= 8000 && rate <= 48000 ? rate : 0;
}

/**
 * Decodes any file the browser can read, mixes it to mono and sends it paced in real time. WAV
 * files keep their own rate (telephone audio stays 8 kHz and the gateway resamples it exactly as
 * the pipeline does); anything else is decoded at 16 kHz.
 */
async function sendFile(file) {
  setStatus('decoding', `decoding ${file.name}...`);
  const bytes = await file.arrayBuffer();
  const rate = wavRate(bytes) || RATE;
  const decoder = new OfflineAudioContext(1, 1, rate);
  let audio;
  try {
    audio = await decoder.decodeAudioData(bytes);
  } catch (err) {
    setStatus('error', `cannot decode ${file.name}: ${err.message || err}`);
    controlsIdle();
    return;
  }
  const mono = new Float32Array(audio.length);
  for (let c = 0; c < audio.numberOfChannels; c++) {
    const ch = audio.getChannelData(c);
    for (let i = 0; i < ch.length; i++) mono[i] += ch[i] / audio.numberOfChannels;
  }
  const frame = rate * FRAME_MS / 1000;
  let pos = 0;
  let timer = null;
  const s = startStream(rate, () => {
    const start = performance.now();
    const pump = () => {
      // Send every frame that is due by now, so timer jitter does not slow the stream down.
      const due = Math.min(mono.length, Math.floor((performance.now() - start) / 1000 * rate) + frame);
      while (pos < due) {
        const n = Math.min(frame, mono.length - pos);
        const pcm = new Int16Array(n);
        for (let i = 0; i < n; i++) {
          // Full scale 32768, as the gateway decodes: 16-bit input comes back exactly.
          pcm[i] = Math.max(-32768, Math.min(32767, Math.round(mono[pos + i] * 32768)));
        }
        s.send(pcm.buffer);
        pos += n;
      }
      if (pos >= mono.length) {
        clearInterval(timer);
        timer = null;
        s.end();
      }
    };
    timer = setInterval(pump, FRAME_MS);
  });
  s.sourceStop = () => { if (timer) clearInterval(timer); timer = null; s.sourceStop = null; };
  ui.stream.textContent = file.name;
}

function startStream(rate, onOpen) {
  resetTranscript();
  setStatus('connecting', 'connecting...');
  session = new LiveStream(onOpen, rate);
  ui.stop.disabled = false;
  ui.mic.disabled = true;
  ui.file.disabled = true;
  return session;
}

function controlsIdle() {
  ui.stop.disabled = true;
  ui.mic.disabled = false;
  ui.file.disabled = false;
  ui.mic.classList.remove('on');
  ui.mic.textContent = 'Start microphone';
}

function fail(err) {
  setStatus('error', String(err.message || err));
  controlsIdle();
}

// ---- wiring ----------------------------------------------------------------------------

ui.mic.addEventListener('click', () => { startMicrophone().catch(fail); });
ui.stop.addEventListener('click', () => { if (session) session.end(); });
ui.file.addEventListener('change', () => {
  const f = ui.file.files[0];
  ui.file.value = '';
  if (f) sendFile(f).catch(fail);
});
ui.drop.addEventListener('dragover', (e) => { e.preventDefault(); ui.drop.classList.add('over'); });
ui.drop.addEventListener('dragleave', () => ui.drop.classList.remove('over'));
ui.drop.addEventListener('drop', (e) => {
  e.preventDefault();
  ui.drop.classList.remove('over');
  const f = e.dataTransfer.files[0];
  if (f && !session) sendFile(f).catch(fail);
});

const params = new URLSearchParams(location.search);
if (params.get('token')) ui.token.value = params.get('token');

fetch('v1/info').then((r) => r.json()).then((info) => {
  const m = info.model || {};
  learners = m.learners || 0;
  if (learners > 0) {
    learnersChart.setRange(0, learners);
    ui.learnersCaption.textContent = `Learners per token, of ${learners} (mean over each segment so far)`;
  } else {
    learnersChart.setRange(0, 1);
    ui.learnersCaption.textContent = 'Feed-forward fraction per token (a dense model always uses all of it)';
  }
  const budget = typeof info.budget === 'number' ? `budget pinned at ${info.budget}` : `budget ${info.budget}`;
  ui.model.textContent = m.name
    ? `model ${m.name}: ${m.acm ? `ACM, ${m.learners} learners` : 'dense'} x ${m.layers} layers, ${budget}`
    : `${info.pipeline}, ${budget}`;
}).catch(() => { ui.model.textContent = 'model: unknown (/v1/info did not answer)'; });
