package dev.conveyor.client;

import java.time.Instant;

/**
 * One step of a queue's history: the counts of the latest sample taken in the step (null when none was) and the
 * rates of the step's activity.
 *
 * @param at when the step starts
 * @param available messages a receive could lease, as sampled
 * @param inFlight messages leased, as sampled
 * @param delayed messages not visible yet, as sampled
 * @param total every message held, as sampled
 * @param oldestAvailableAgeSeconds age of the oldest available message, as sampled
 * @param rates messages per second over the step
 */
public record StatsPoint(
        Instant at,
        Long available,
        Long inFlight,
        Long delayed,
        Long total,
        Long oldestAvailableAgeSeconds,
        Rates rates) {}
