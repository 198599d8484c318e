package dev.conveyor.postgres;

import dev.conveyor.application.port.UnitOfWork;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs the adapters' statements on the handle of the current transaction when there is one, so that every
 * repository called from a use case's {@link #inTransaction} commits or rolls back together; otherwise each
 * call borrows a pooled connection for one auto-committed statement.
 */
public final class JdbiSession implements UnitOfWork {
  private final Jdbi jdbi;
  private final ThreadLocal<Handle> current = new ThreadLocal<>();

  public JdbiSession(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    if (current.get() != null) {
      return work.get();
    }
    try {
      return jdbi.inTransaction(handle -> {
        current.set(handle);
        try {
          return work.get();
        } finally {
          current.remove();
        }
      });
    } catch (RuntimeException e) {
      throw PostgresErrors.translate(e);
    }
  }

  /** Runs {@code callback} on the current transaction's handle, or on a pooled one. */
  <T> T withHandle(HandleCallback<T, RuntimeException> callback) {
    Handle handle = current.get();
    try {
      return handle != null ? callback.withHandle(handle) : jdbi.withHandle(callback);
    } catch (RuntimeException e) {
      throw PostgresErrors.translate(e);
    }
  }
}
