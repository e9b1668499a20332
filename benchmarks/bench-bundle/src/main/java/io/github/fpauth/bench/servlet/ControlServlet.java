package io.github.fpauth.bench.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Benchmark control, in-process so that swap timings are exact: {@code POST
 * /bench/control?op=stop|start&bsn=<symbolic name>} stops or starts that bundle and answers
 * {@code System.nanoTime()} just before the call and just after it returned. On Linux nanoTime
 * is CLOCK_MONOTONIC, the same clock in every process of the machine, so the load generator
 * compares these times with its own. {@code GET ...?op=state&bsn=...} answers the bundle state.
 *
 * <p>It stops and starts bundles for anyone who asks: it exists only in the benchmark runtime
 * and must never be installed anywhere else.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("bench control")
@HttpWhiteboardServletPattern("/bench/control")
public class ControlServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BundleContext context;

    @Activate
    public ControlServlet(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Bundle bundle = bundle(req, resp);
        if (bundle != null) {
            answer(resp, String.valueOf(bundle.getState()));
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Bundle bundle = bundle(req, resp);
        if (bundle == null) {
            return;
        }
        String op = req.getParameter("op");
        long before = System.nanoTime();
        try {
            if ("stop".equals(op)) {
                bundle.stop();
            } else if ("start".equals(op)) {
                bundle.start();
            } else {
                resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "op is stop or start");
                return;
            }
        } catch (BundleException e) {
            resp.sendError(HttpServletResponse.SC_CONFLICT, e.toString());
            return;
        }
        long after = System.nanoTime();
        answer(resp, before + " " + after);
    }

    private Bundle bundle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String bsn = req.getParameter("bsn");
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName() != null && bundle.getSymbolicName().equals(bsn)) {
                return bundle;
            }
        }
        resp.sendError(HttpServletResponse.SC_NOT_FOUND, "no bundle " + bsn);
        return null;
    }

    private static void answer(HttpServletResponse resp, String text) throws IOException {
        resp.setContentType("text/plain;charset=utf-8");
        resp.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
