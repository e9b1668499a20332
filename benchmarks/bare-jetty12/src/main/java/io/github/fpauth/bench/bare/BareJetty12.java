package io.github.fpauth.bench.bare;

import io.github.fpauth.bench.servlet.JakartaHelloServlet;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The benchmark servlet ({@link JakartaHelloServlet}; its requirement property unread, as no fpauth runs here)
 * on an embedded Jetty 12 (ee10), without OSGi: a thread pool of 8 to 200 threads, one acceptor, one
 * selector and a session handler, as Felix HTTP Jetty 12 builds its server.
 * Arguments: the port, and optionally the pool's reserved threads (Jetty's default, -1, lets Jetty
 * choose; Felix HTTP offers no setting for it).
 */
public final class BareJetty12 {

    private BareJetty12() {
    }

    public static void main(String[] args) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        if (args.length > 1) {
            pool.setReservedThreads(Integer.parseInt(args[1]));
        }
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.addServlet(new ServletHolder(new JakartaHelloServlet()), "/bench/hello");
        server.setHandler(context);
        server.start();
        System.out.println("Started bare Jetty " + Server.getVersion() + " on port " + args[0]
                + " (reserved threads " + pool.getReservedThreads() + ")");
        server.join();
    }
}
