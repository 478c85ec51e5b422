// Runs on the audio thread: turns the microphone's float blocks (128 samples) into 20 ms frames
// of 16-bit little-endian PCM and posts each frame's buffer to the page.
class CaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.frameLength = Math.round(sampleRate * 0.02);
    this.frame = new Int16Array(this.frameLength);
    this.fill = 0;
  }

  process(inputs) {
    const input = inputs[0];
    if (input && input.length > 0) {
      const ch = input[0];
      for (let i = 0; i < ch.length; i++) {
        // Full scale 32768, as the gateway decodes 16-bit samples.
        this.frame[this.fill++] = Math.max(-32768, Math.min(32767, Math.round(ch[i] * 32768)));
        if (this.fill === this.frameLength) {
          // The buffer is transferred (detached here), so the next frame gets a new one.
          this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
          this.frame = new Int16Array(this.frameLength);
          this.fill = 0;
        }
      }
    }
    return true;
  }
}
registerProcessor('capture-processor', CaptureProcessor);
