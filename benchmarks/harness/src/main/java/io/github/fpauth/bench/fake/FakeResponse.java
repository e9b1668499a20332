package io.github.fpauth.bench.fake;

import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/** A response that records only its status: enough for filters that set headers or send errors. */
public final class FakeResponse extends HttpServletResponseWrapper {

    private int status = SC_OK;

    public FakeResponse() {
        super(Unsupported.of(HttpServletResponse.class));
    }

    public FakeResponse recycle() {
        status = SC_OK;
        return this;
    }

    @Override
    public void setHeader(String name, String value) {
        // headers are not what is measured
    }

    @Override
    public void addHeader(String name, String value) {
        // headers are not what is measured
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void sendError(int sc) {
        status = sc;
    }

    @Override
    public void sendError(int sc, String msg) {
        status = sc;
    }

    @Override
    public void sendRedirect(String location) {
        status = SC_FOUND;
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void reset() {
        status = SC_OK;
    }
}
