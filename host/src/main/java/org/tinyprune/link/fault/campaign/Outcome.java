package org.tinyprune.link.fault.campaign;

/** How one run of a campaign ended, judged against an independent reference. */
public enum Outcome {
    /** The job reported success and the reference agrees. */
    CORRECT,
    /** The job failed with an error that names the serial link. */
    CLEAR_ERROR,
    /** The job failed with an error that does not name the serial link. */
    UNCLEAR_ERROR,
    /** The job failed with an unexpected exception (a bug in the host code). */
    INTERNAL_ERROR,
    /** The job reported success but the reference disagrees. */
    WRONG_ACCEPTED
}
