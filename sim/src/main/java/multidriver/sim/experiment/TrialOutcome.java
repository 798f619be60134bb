package multidriver.sim.experiment;

/**
 * What one trial measured, in microseconds of simulated time after the leader's crash.
 *
 * @param trial             trial number within its range (0-based)
 * @param electionUs        until a surviving server became LEADER in a term above the crashed leader's; -1 when
 *                          that did not happen within the cap (timed out)
 * @param majorityUs        until that leader and enough followers to make a majority (3 of 5) knew it as leader;
 *                          -1 when not within the cap
 * @param newTerms          terms used after the crash (1 = elected at the first attempt; more = split votes or
 *                          candidacies of servers whose logs were too short to win)
 * @param crashOffsetUs     where in the leader's heartbeat interval the crash fell
 * @param logLengthsAtCrash last log index of servers 0..4 at the crash, "L" marking the crashed leader
 */
public record TrialOutcome(int trial, long electionUs, long majorityUs, long newTerms, long crashOffsetUs,
                           String logLengthsAtCrash) {
    public boolean timedOut() {
        return electionUs < 0;
    }
}
