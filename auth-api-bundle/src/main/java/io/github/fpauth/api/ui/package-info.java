/**
 * One page layout for every fpauth bundle (FastPluggy's base templates and user menu):
 * {@link io.github.fpauth.api.ui.PageLayout} renders a page inside the common frame, whose user
 * menu holds the {@link io.github.fpauth.api.ui.MenuEntry entries} the active
 * {@link io.github.fpauth.api.AuthManager} contributes.
 */
@Export
@Version("1.0.0")
package io.github.fpauth.api.ui;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
