package dev.gantry.agent.backend.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcTextTest {
    @Test
    void numbersWordsAndLinesAreReadInOrder() {
        ProcText t = new ProcText(ProcFixtures.bytes("  12 abc  -7 x9\nnext 0x 1f\n"));
        assertThat(t.number(-1)).isEqualTo(12);
        assertThat(t.word()).isEqualTo("abc");
        assertThat(t.number(0)).isEqualTo(-7);
        assertThat(t.number(-1)).as("a word that is not a number").isEqualTo(-1);
        assertThat(t.atEol()).isTrue();
        assertThat(t.number(-5)).as("nothing left on the line").isEqualTo(-5);
        t.nextLine();
        assertThat(t.word()).isEqualTo("next");
        t.skipBlanks();
        t.number(0);
        t.skipBlanks();
        assertThat(t.hex(-1)).isEqualTo(0x1f);
        t.nextLine();
        assertThat(t.atEnd()).isTrue();
    }

    @Test
    void aNumberTooLargeForALongSaturates() {
        assertThat(new ProcText(ProcFixtures.bytes("99999999999999999999999")).number(-1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void restOfLineTrimsBlanksAndMovesOn() {
        ProcText t = new ProcText(ProcFixtures.bytes("model name\t: Intel(R) Xeon  \nflags : fpu"));
        assertThat(t.until(':')).isEqualTo("model name\t");
        t.accept(':');
        assertThat(t.restOfLine()).isEqualTo("Intel(R) Xeon");
        assertThat(t.startsWith("flags")).isTrue();
    }
}
