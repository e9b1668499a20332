package io.github.fpauth.itest.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Collects what the runtime logs (pax-logging hands every event to the OSGi LogReaderService),
 * so a test can assert that a failure was logged. {@link #close()} stops collecting.
 */
public final class LogCapture implements LogListener, AutoCloseable {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final BundleContext context;
    private final ServiceReference<LogReaderService> reference;
    private final LogReaderService reader;

    public LogCapture(BundleContext context) {
        this.context = context;
        this.reference = Poll.until("LogReaderService", () -> context.getServiceReference(LogReaderService.class),
                java.util.Objects::nonNull);
        this.reader = context.getService(reference);
        reader.addLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        messages.add(entry.getLogLevel() + " " + entry.getMessage()
                + (entry.getException() == null ? "" : " " + entry.getException()));
    }

    /** Waits until a message containing every one of {@code parts} was logged, and returns it. */
    public String await(String... parts) {
        return Poll.until("a log message with " + String.join(", ", parts), () -> find(parts),
                java.util.Objects::nonNull);
    }

    private String find(String... parts) {
        for (String message : messages) {
            boolean all = true;
            for (String part : parts) {
                all &= message.contains(part);
            }
            if (all) {
                return message;
            }
        }
        return null;
    }

    /** Everything collected so far. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        reader.removeLogListener(this);
        context.ungetService(reference);
    }
}
