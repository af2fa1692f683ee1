package dev.gantry.agent.backend.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void filesOfEverySizeAreReadWhole(@TempDir Path dir) throws Exception {
        for (int size : new int[] {0, 1, 1023, 1024, 1025, 3583, 4096, 10_000, 70_000}) {
            byte[] content = new byte[size];
            for (int i = 0; i < size; i++) {
                content[i] = (byte) ('a' + i % 26);
            }
            Path file = Files.write(dir.resolve("f" + size), content);
            assertThat(ProcText.read(file)).as("size " + size).isEqualTo(content);
            assertThat(ProcText.readToEnd(file)).as("size " + size).isEqualTo(content);
            assertThat(ProcText.readIfPresent(file)).as("size " + size).hasValue(content);
        }
        assertThat(ProcText.readIfPresent(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void aProcFileOfManyPagesIsReadWhole() throws Exception {
        // A JVM's /proc/self/maps runs to many pages of ~100-byte records: several reads, all of them kept.
        String maps = new String(ProcText.read(Path.of("/proc/self/maps")));
        assertThat(maps.length()).isGreaterThan(3 * 4096);
        assertThat(maps).endsWith("\n").contains("[stack]");
        // cpuinfo's "cpu MHz" may change between two reads; its lines do not.
        assertThat(new String(ProcText.readToEnd(Path.of("/proc/cpuinfo"))).lines().count())
                .isEqualTo(Files.readAllLines(Path.of("/proc/cpuinfo")).size());
    }
}
