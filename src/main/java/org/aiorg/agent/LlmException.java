package org.aiorg.agent;

/**
 * A call that failed for good. {@link #mayHaveBilled()} tells the budget what to do with the
 * reservation: an error answer (4xx/5xx) is not billed and is released; a timeout or a cut
 * connection may have been billed and is charged at the reserved amount.
 */
public class LlmException extends Exception {

    private final boolean mayHaveBilled;
    private final int attempts;

    public LlmException(String message, boolean mayHaveBilled, int attempts, Throwable cause) {
        super(message, cause);
        this.mayHaveBilled = mayHaveBilled;
        this.attempts = attempts;
    }

    public boolean mayHaveBilled() {
        return mayHaveBilled;
    }

    public int attempts() {
        return attempts;
    }
}
