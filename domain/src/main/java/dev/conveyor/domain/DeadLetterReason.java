package dev.conveyor.domain;

/**
 * Why a message was moved to a dead-letter queue. Both reasons mean its queue's {@code max_deliveries} were
 * used up; they differ in how its last delivery ended. The codes are stored and answered, so they never change.
 */
public enum DeadLetterReason {
    /** Its last delivery was nacked: moved at the nack, or later when a lower max_deliveries made it the last. */
    MAX_DELIVERIES_NACKED("max_deliveries_nacked", "max_deliveries", "nacked"),
    /**
     * Its last delivery's lease ran out (or was ended by an extend of 0 s) without an ack or a nack: moved by
     * the next receive of its queue or by the cleanup, whichever came first.
     */
    MAX_DELIVERIES_LEASE_EXPIRED("max_deliveries_lease_expired", "max_deliveries", "lease_expired");

    private final String code;
    private final String rule;
    private final String lastDelivery;

    DeadLetterReason(String code, String rule, String lastDelivery) {
        this.code = code;
        this.rule = rule;
        this.lastDelivery = lastDelivery;
    }

    /** The stable code, as stored. */
    public String code() {
        return code;
    }

    /** The rule that moved it, as the contract names it ({@code max_deliveries}). */
    public String rule() {
        return rule;
    }

    /** How its last delivery ended: {@code nacked} or {@code lease_expired}. */
    public String lastDelivery() {
        return lastDelivery;
    }

    /** The reason of a stored code. */
    public static DeadLetterReason ofCode(String code) {
        for (DeadLetterReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("not a dead-letter reason: '" + code + "'");
    }
}
