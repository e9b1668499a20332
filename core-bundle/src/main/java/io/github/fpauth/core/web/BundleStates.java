package io.github.fpauth.core.web;

import org.osgi.framework.Bundle;

/** Bundle state names as the Gogo shell prints them. */
final class BundleStates {

    private BundleStates() {
    }

    static String name(int state) {
        switch (state) {
        case Bundle.ACTIVE:
            return "Active";
        case Bundle.RESOLVED:
            return "Resolved";
        case Bundle.INSTALLED:
            return "Installed";
        case Bundle.STARTING:
            return "Starting";
        case Bundle.STOPPING:
            return "Stopping";
        case Bundle.UNINSTALLED:
            return "Uninstalled";
        default:
            return "Unknown";
        }
    }
}
