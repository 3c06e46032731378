package org.tinyprune.link.fault.campaign;

import org.tinyprune.link.LinkException;
import org.tinyprune.link.SerialLink;
import org.tinyprune.link.fault.BoardReset;

/**
 * A protocol job that a {@link FaultCampaign} repeats under faults, with its own judge.
 *
 * <p>Life cycle: {@link #prepare()} once; then, per run, {@link #restore()} over the clean link,
 * then {@link #run(SerialLink)} over a {@link org.tinyprune.link.fault.FaultyLink} around {@link
 * #link()}, which does the job and judges it against a reference read over the clean link.
 */
public interface CampaignJob {
    /**
     * Returns the protocol's name for reports ({@code an3155}, {@code benchmark}).
     *
     * @return the protocol's name
     */
    String protocol();

    /**
     * Returns the clean link to the board.
     *
     * @return the clean link
     */
    SerialLink link();

    /**
     * Returns what a reset fault does to the board.
     *
     * @return the reset
     */
    BoardReset reset();

    /**
     * Readies the board once before the first run (e.g. flashes the benchmark firmware).
     *
     * @throws LinkException when the board cannot be readied over the clean link
     */
    void prepare() throws LinkException;

    /**
     * Brings the board, over the clean link, to the state every run starts from.
     *
     * @throws LinkException when the board does not come back
     */
    void restore() throws LinkException;

    /**
     * Does the job over {@code link} and judges the result over the clean link.
     *
     * @param link the link to do the job over (faulty in a campaign run)
     * @return the verdict
     * @throws LinkException when judging fails on the clean link (the board is lost)
     */
    Verdict run(SerialLink link) throws LinkException;
}
