package dev.conveyor.bootstrap;

/** The server will not start, for a reason one line can tell an operator. */
final class StartupRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StartupRefusedException(String message) {
    super(message);
  }
}
