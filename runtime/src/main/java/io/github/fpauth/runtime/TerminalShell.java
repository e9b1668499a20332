package io.github.fpauth.runtime;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive Gogo shell on the console, started only when there is someone to type.
 *
 * <p>Gogo's own console (gogo.shell 1.1.4) always reads standard input. In the background that
 * goes wrong in several ways: at end of input it stops the whole framework; under nohup (stdin
 * unreadable) it prints a stack trace; with a closed descriptor 0 it reads whatever file the JVM
 * opened next as commands. So run.bndrun turns Gogo's console off ({@code gosh.args=--nointeractive})
 * and this component opens the same shell ({@code gosh --login}) when framework property
 * {@value #MODE_PROPERTY} says so: {@code auto} (default) = when the JVM has a terminal
 * ({@link System#console()}), {@code true} = always (e.g. commands piped in), {@code false} = never.
 * The shell never stops the framework: Ctrl-D or end of input ends the shell only.
 */
@Component(immediate = true)
public class TerminalShell {

    static final String MODE_PROPERTY = "fpauth.console";

    private static final Logger LOG = LoggerFactory.getLogger(TerminalShell.class);
    private static final long GOSH_WAIT_MILLIS = 5_000;

    private final CommandProcessor processor;
    private volatile CommandSession session;

    @Activate
    public TerminalShell(BundleContext context, @Reference CommandProcessor processor) {
        this.processor = processor;
        String mode = String.valueOf(context.getProperty(MODE_PROPERTY)).trim().toLowerCase(Locale.ROOT);
        boolean wanted = "true".equals(mode) || (!"false".equals(mode) && System.console() != null);
        if (!wanted) {
            LOG.info("No terminal: the Gogo shell is not started (framework property {}=true starts it anyway)",
                    MODE_PROPERTY);
            return;
        }
        Thread shell = new Thread(this::runShell, "fpauth-gogo-console");
        // A thread blocked reading stdin must never hold the JVM up at exit.
        shell.setDaemon(true);
        shell.start();
    }

    @Deactivate
    void deactivate() {
        CommandSession current = session;
        if (current != null) {
            current.close();
        }
    }

    private void runShell() {
        CommandSession current = processor.createSession(new FileInputStream(FileDescriptor.in),
                new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err));
        session = current;
        try {
            // gogo.shell registers the gosh command asynchronously, after the command processor.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GOSH_WAIT_MILLIS);
            while (current.get("gogo:gosh") == null && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            current.execute("gosh --login --noshutdown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("The Gogo shell ended with an error: {}", e.toString());
        } finally {
            current.close();
            session = null;
        }
    }
}
