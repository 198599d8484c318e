package dev.conveyor.postgres.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of a test database that can turn into a silent black hole: while it is on,
 * every socket stays open and what comes is read but dropped, as on a network that lost its route; new
 * connections are accepted and hear nothing back. (The fault suite has one of its own: it sees the product
 * only through its HTTP API.)
 */
public final class BlackHoleProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean blackHole;
    private volatile boolean closed;

    private BlackHoleProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept, "black-hole-proxy-accept").start();
    }

    /** A proxy in front of the server of {@code db}, forwarding until told otherwise. */
    public static BlackHoleProxy inFrontOf(TestDatabase db) {
        URI server = URI.create(db.url().substring("jdbc:".length()));
        try {
            return new BlackHoleProxy(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDBC url of {@code db} through this proxy. */
    public String url(TestDatabase db) {
        URI server = URI.create(db.url().substring("jdbc:".length()));
        return "jdbc:postgresql://127.0.0.1:" + listener.getLocalPort() + server.getRawPath()
                + (server.getRawQuery() == null ? "" : "?" + server.getRawQuery());
    }

    public void blackHole(boolean on) {
        blackHole = on;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(server);
                daemon(() -> pump(client, server), "black-hole-proxy-up").start();
                daemon(() -> pump(server, client), "black-hole-proxy-down").start();
            } catch (IOException e) {
                // Closed, or the database refused: the client sees its connection go.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!blackHole) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException ignored) {
            // One side closed: close both below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        sockets.forEach(BlackHoleProxy::closeQuietly);
    }
}
