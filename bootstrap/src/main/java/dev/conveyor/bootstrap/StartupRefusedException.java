package dev.conveyor.bootstrap;

/** The server will not start, for a reason one line can tell an operator. */
final class StartupRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartupRefusedException(String message) {
        super(message);
    }

    /** With the failure behind it, for {@code -Dconveyor.stackTraces=true}. */
    StartupRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The refusal behind {@code e}, if one is among its causes. */
    static java.util.Optional<StartupRefusedException> in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StartupRefusedException refused) {
                return java.util.Optional.of(refused);
            }
        }
        return java.util.Optional.empty();
    }
}
