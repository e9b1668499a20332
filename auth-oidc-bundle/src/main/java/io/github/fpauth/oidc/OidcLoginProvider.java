package io.github.fpauth.oidc;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.login.LoginProvider;

/**
 * One configured OpenID provider: its button on the login page ({@link LoginProvider}) and its
 * {@link CodeFlow}, which {@link OidcServlet} drives. A changed configuration replaces the
 * component, so the flow never mixes two configurations; an invalid one starts no provider.
 */
@Component(service = {LoginProvider.class, OidcLoginProvider.class},
        configurationPid = OidcProviderConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OidcProviderConfiguration.class, factory = true)
public class OidcLoginProvider implements LoginProvider {

    private static final Logger LOG = LoggerFactory.getLogger(OidcLoginProvider.class);

    private final CodeFlow flow;

    @Activate
    public OidcLoginProvider(OidcProviderConfiguration config) {
        OidcSettings settings;
        try {
            settings = new OidcSettings(config);
        } catch (IllegalArgumentException e) {
            LOG.error("OpenID provider '{}' not started, its configuration is invalid: {}", config.name(),
                    e.getMessage());
            throw e;
        }
        this.flow = new CodeFlow(settings);
        LOG.info("{} offered on the login page as \"Sign in with {}\"", settings, settings.label);
    }

    CodeFlow flow() {
        return flow;
    }

    @Override
    public String name() {
        return flow.settings().name;
    }

    @Override
    public String label() {
        return flow.settings().label;
    }

    @Override
    public String startPath(String next) {
        return flow.settings().startPath() + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    }

    /**
     * RP-initiated logout: the provider's end-session endpoint with this client's id and the
     * configured post-logout redirect URI; none without that URI (the provider would strand the
     * browser on its own page) or before the discovery document was read.
     */
    @Override
    public Optional<String> logoutLocation() {
        OidcSettings settings = flow.settings();
        if (settings.postLogoutRedirectUri == null) {
            return Optional.empty();
        }
        Optional<URI> endpoint = flow.endSessionEndpoint();
        return endpoint.map(uri -> uri + (uri.getRawQuery() == null ? "?" : "&") + "client_id="
                + URLEncoder.encode(settings.clientId, StandardCharsets.UTF_8) + "&post_logout_redirect_uri="
                + URLEncoder.encode(settings.postLogoutRedirectUri.toString(), StandardCharsets.UTF_8));
    }
}
