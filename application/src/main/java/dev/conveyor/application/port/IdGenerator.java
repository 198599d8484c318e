package dev.conveyor.application.port;

import java.util.UUID;

/** Outgoing port that names new messages. */
public interface IdGenerator {
    /** A new id, ordered after every id this generator gave before. */
    UUID next();
}
