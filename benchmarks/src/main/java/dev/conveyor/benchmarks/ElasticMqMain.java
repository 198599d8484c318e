package dev.conveyor.benchmarks;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * ElasticMQ's SQS endpoint, in memory, on 127.0.0.1 and the port given: the main of the JVM that ElasticMqServer
 * starts, so that ElasticMQ does not share the load generator's heap or JIT, as Conveyor's server does not.
 */
public final class ElasticMqMain {
    private ElasticMqMain() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .start()
                .waitUntilStarted();
        System.out.println("ElasticMQ listening on 127.0.0.1:" + port);
        // Pekko's threads keep the JVM alive; SIGTERM ends it through the JVM's shutdown.
    }
}
