package io.github.fpauth.user.web;

import java.util.ArrayList;
import java.util.List;

import io.github.fpauth.user.throttle.Lockout;
import io.github.fpauth.user.throttle.Throttle;
import io.github.fpauth.user.throttle.ThrottleSettings;
import io.github.fpauth.user.throttle.Verdict;

/** A throttle that records what it is told and refuses when told to. */
final class RecordingThrottle implements Throttle {

    final List<String> events = new ArrayList<>();
    Verdict verdict = Verdict.ALLOWED;

    @Override
    public Verdict check(String account, String address) {
        events.add("check " + account + " " + address);
        return verdict;
    }

    @Override
    public void recordFailure(String account, String address) {
        events.add("failure " + account + " " + address);
    }

    @Override
    public void recordSuccess(String account, String address) {
        events.add("success " + account + " " + address);
    }

    @Override
    public List<Lockout> lockouts() {
        return List.of();
    }

    @Override
    public int unlock(String accountOrAddress) {
        return 0;
    }

    @Override
    public ThrottleSettings settings() {
        return ThrottleSettings.defaults();
    }
}
