package io.github.fpauth.user.external;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.login.LoginProvider;
import io.github.fpauth.user.store.LinkedIdentities;

/**
 * The {@link LoginProvider} services of the moment, for the login page (its buttons) and logout
 * (the provider's own logout). They come and go with their bundles; the pages read an immutable
 * snapshot, replaced as a whole when one comes or goes, so a request never waits for a lock and a
 * button never disappears mid-render.
 */
@Component(service = LoginProviders.class)
public class LoginProviders {

    private static final Logger LOG = LoggerFactory.getLogger(LoginProviders.class);

    private final List<LoginProvider> bound = new ArrayList<>();
    private volatile List<LoginProvider> snapshot = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bind(LoginProvider provider) {
        bound.add(provider);
        publish();
    }

    synchronized void unbind(LoginProvider provider) {
        bound.remove(provider);
        publish();
    }

    /** Every usable provider, by label; one per name (the first bound wins, the others are logged). */
    public List<LoginProvider> all() {
        return snapshot;
    }

    public Optional<LoginProvider> named(String name) {
        for (LoginProvider provider : snapshot) {
            if (provider.name().equals(name)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    private void publish() {
        List<LoginProvider> usable = new ArrayList<>(bound.size());
        for (LoginProvider provider : bound) {
            String name = provider.name();
            if (!LinkedIdentities.isValidProvider(name)) {
                LOG.warn("Ignoring a login provider named '{}': a name holds lower-case letters, digits and hyphens",
                        name);
            } else if (usable.stream().anyMatch(other -> other.name().equals(name))) {
                LOG.warn("Ignoring a second login provider named '{}' ({}): names must be unique", name,
                        provider.label());
            } else {
                usable.add(provider);
            }
        }
        usable.sort(Comparator.comparing(LoginProvider::label, String.CASE_INSENSITIVE_ORDER));
        snapshot = List.copyOf(usable);
    }
}
