package dev.acmstream.job.control;

import java.io.Serializable;

/**
 * One recognizer subtask's signals over an interval, as sent to the budget controller.
 *
 * @param subtask the subtask index
 * @param lagP95Ms 95th percentile of wall clock minus capture time of the audio decoded
 * @param lagMaxMs the largest such lag
 * @param busyFraction share of the interval spent decoding (0..1)
 * @param backlogSeconds audio waiting in this subtask's streams, seconds
 * @param budget the budget it ran at
 * @param sentAtMs wall clock when sent
 */
public record RecognizerLoad(int subtask, double lagP95Ms, double lagMaxMs, double busyFraction, double backlogSeconds,
                             double budget, long sentAtMs) implements Serializable {
}
