package io.github.fpauth.core.guard;

import java.io.IOException;
import java.io.PrintWriter;

import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * Tells whether an {@link io.github.fpauth.api.AuthManager}'s failure answer actually answered:
 * a manager that sets nothing must not let a protected request end as an empty 200.
 */
final class AnswerTrackingResponse extends HttpServletResponseWrapper {

    private boolean answered;

    AnswerTrackingResponse(HttpServletResponse response) {
        super(response);
    }

    boolean answered() {
        return answered;
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        answered = true;
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        answered = true;
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        answered = true;
        super.sendRedirect(location);
    }

    @Override
    public void setStatus(int sc) {
        // Only a refusal or a redirect answers a failure; a manager setting 200 is not one.
        answered = sc >= 300;
        super.setStatus(sc);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        answered |= getStatus() >= 300;
        return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        answered |= getStatus() >= 300;
        return super.getWriter();
    }
}
