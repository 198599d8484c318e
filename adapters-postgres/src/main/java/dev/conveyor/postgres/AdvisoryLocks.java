package dev.conveyor.postgres;

/**
 * The keys of the advisory locks Conveyor takes, in one place so that no two uses share one by accident: the
 * vacuum once took the dead-letter links' key, so a change of a queue's dead-letter queue waited for a whole
 * vacuum of the messages table (and gave up after lock_timeout). Each key spells a word in ASCII, unlikely to be
 * taken by another application on the same database; a key only has to be the same on every instance.
 */
final class AdvisoryLocks {
    /** Changes of which queue dead-letters into which (no cycles), one at a time: "Conveyor". */
    static final long DEAD_LETTER_LINKS = 0x436f_6e76_6579_6f72L;
    /** The one instance that takes the next stats sample: "cvstats". */
    static final long STATS_SAMPLING = 0x6376_7374_6174_73L;
    /** The one instance that vacuums the messages table when autovacuum is off: "cvvacuum". */
    static final long VACUUM = 0x6376_7661_6375_756dL;
    /** One migration of a database at a time: "cvschema". */
    static final long MIGRATION = 0x6376_7363_6865_6d61L;

    private AdvisoryLocks() {}
}
