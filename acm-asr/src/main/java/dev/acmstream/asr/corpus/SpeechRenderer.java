package dev.acmstream.asr.corpus;

import java.io.IOException;

/** Speech for one planned utterance, as 16 kHz mono samples. One instance per worker thread. */
interface SpeechRenderer extends AutoCloseable {
    float[] render(UtteranceSpec s) throws IOException;

    @Override
    void close();
}
