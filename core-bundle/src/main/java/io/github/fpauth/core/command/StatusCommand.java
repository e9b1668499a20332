package io.github.fpauth.core.command;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.github.fpauth.core.guard.ServletGuards;
import io.github.fpauth.core.manager.AuthManagerRegistry;
import io.github.fpauth.core.manager.AuthSnapshot;
import io.github.fpauth.core.manager.ManagerEntry;

/** Gogo (and Karaf) shell command {@code fpauth:status}: the auth state at a glance. */
@Component(service = StatusCommand.class,
        property = { "osgi.command.scope=fpauth", "osgi.command.function=status" })
public class StatusCommand {

    private final AuthManagerRegistry registry;
    private final ServletGuards servletGuards;

    @Activate
    public StatusCommand(@Reference AuthManagerRegistry registry, @Reference ServletGuards servletGuards) {
        this.registry = registry;
        this.servletGuards = servletGuards;
    }

    /** Prints whether authentication is on, the active manager, the others and the settings. */
    public String status() {
        AuthSnapshot snapshot = registry.snapshot();
        StringBuilder out = new StringBuilder();
        out.append("Authentication: ").append(snapshot.active().isPresent() ? "enabled"
                : snapshot.isFailingClosed() ? "unavailable (routes with requirements answer 503)"
                        : "disabled (every route is open)")
                .append('\n');
        out.append("Active manager: ").append(snapshot.active().map(ManagerEntry::toString).orElse("none")).append('\n');
        out.append("Configured manager: ").append(snapshot.configuredManager().orElse("none (highest ranking wins)"))
                .append('\n');
        out.append("Strict mode: ").append(snapshot.isStrict() ? "on" : "off").append('\n');
        out.append("Registered managers:");
        if (snapshot.managers().isEmpty()) {
            out.append(" none");
        }
        for (ManagerEntry entry : snapshot.managers()) {
            out.append("\n  ").append(entry == snapshot.activeOrNull() ? "* " : "  ").append(entry);
        }
        out.append("\nGuarded servlets: ").append(servletGuards.size());
        return out.toString();
    }
}
