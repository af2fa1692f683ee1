package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void columnsAlignUnderTheirHeadersThreeSpacesApartWithoutTrailingBlanks() {
        String text = Table.columns("ID", "NAME", "NOTE")
                .row("1", "a-long-name", "x")
                .row("22", "b", "")
                .render();

        assertThat(text).isEqualTo("""
                ID   NAME          NOTE
                1    a-long-name   x
                22   b             -
                """);
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsRefused() {
        assertThatThrownBy(() -> Table.columns("A", "B").row("1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 2 cells, got 1");
    }

    @Test
    void detailsAlignValuesAndContinueSeveralLinesUnderTheFirst() {
        String text = Table.details()
                .add("Name", "ci")
                .add("Listeners", "unix /run/gantry/gantryd.sock\ntcp 127.0.0.1:5208")
                .render();

        assertThat(text).isEqualTo("""
                Name:       ci
                Listeners:  unix /run/gantry/gantryd.sock
                            tcp 127.0.0.1:5208
                """);
    }
}
