package dev.conveyor.reliability;

/** One scenario of the suite: it sets up its servers, drives a load, injects its fault, drains and checks. */
interface FaultScenario {
    /** The name to ask for it by on the command line, and in the table. */
    String name();

    /** The number of the scenario, which also selects it. */
    int number();

    /** What it does to the system, for the table. */
    String injected();

    ScenarioResult run(ScenarioContext context) throws Exception;
}
