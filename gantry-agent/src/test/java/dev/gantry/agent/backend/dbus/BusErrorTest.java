package dev.gantry.agent.backend.dbus;

import static org.assertj.core.api.Assertions.assertThat;

import org.freedesktop.dbus.errors.AccessDenied;
import org.freedesktop.dbus.errors.ServiceUnknown;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.systemd1.UnitMasked;
import org.junit.jupiter.api.Test;

class BusErrorTest {
    @Test
    void dbusJavasStandardErrorClassesGetTheirDbusNamesBack() {
        BusError denied = BusError.of(new AccessDenied("no"));
        BusError missing = BusError.of(new ServiceUnknown("gone"));

        assertThat(denied.name()).isEqualTo("org.freedesktop.DBus.Error.AccessDenied");
        assertThat(denied.meansNotAuthorized()).isTrue();
        assertThat(missing.name()).isEqualTo("org.freedesktop.DBus.Error.ServiceUnknown");
        assertThat(missing.meansServiceMissing()).isTrue();
    }

    @Test
    void systemdsErrorsKeepTheirNames() {
        BusError masked = BusError.of(new UnitMasked("Unit x.service is masked."));

        assertThat(masked.is("org.freedesktop.systemd1.UnitMasked")).isTrue();
        assertThat(masked.message()).isEqualTo("Unit x.service is masked.");
    }

    @Test
    void polkitsNamelessRefusalIsKnownByItsMessageAndOnlyThat() {
        BusError refused = BusError.of(new DBusExecutionException("Interactive authentication required."));
        BusError other = BusError.of(new DBusExecutionException("Something else went wrong."));

        assertThat(refused.name()).isEqualTo("org.freedesktop.DBus.Error.InteractiveAuthorizationRequired");
        assertThat(refused.meansNotAuthorized()).isTrue();
        assertThat(other.meansNotAuthorized()).isFalse();
    }
}
