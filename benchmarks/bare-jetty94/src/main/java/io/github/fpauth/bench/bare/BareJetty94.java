package io.github.fpauth.bench.bare;

import io.github.fpauth.bench.servlet.HelloServlet;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The benchmark servlet ({@link HelloServlet}; its requirement property unread, as no fpauth runs here)
 * on an embedded Jetty 9.4, without OSGi: a thread pool of 8 to 200 threads, one acceptor, one
 * selector and a session handler, as Felix HTTP Jetty 4 builds its server.
 * Arguments: the port.
 */
public final class BareJetty94 {

    private BareJetty94() {
    }

    public static void main(String[] args) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.addServlet(new ServletHolder(new HelloServlet()), "/bench/hello");
        server.setHandler(context);
        server.start();
        System.out.println("Started bare Jetty " + Server.getVersion() + " on port " + args[0]);
        server.join();
    }
}
