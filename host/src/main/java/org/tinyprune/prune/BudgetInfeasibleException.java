package org.tinyprune.prune;

/**
 * The budgets cannot be met: even the smallest network the architecture allows (every prunable
 * group at its minimum width) exceeds at least one of them. The message gives the budgets and the
 * smallest achievable figures.
 */
public final class BudgetInfeasibleException extends Exception {
    /**
     * @param message budgets against the smallest achievable figures, and what to relax
     */
    public BudgetInfeasibleException(String message) {
        super(message);
    }
}
