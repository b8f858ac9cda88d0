package dev.skiff.samples.xgboost;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Streams that are pickles but not a Booster's, each refused with its reason (the happy paths: PickledBoosterTest). */
class BoosterPickleTest {
    private static void refused(String stream, String reason) {
        assertThatThrownBy(() -> BoosterPickle.read(stream.getBytes(StandardCharsets.ISO_8859_1), "m"))
                .isInstanceOf(ModelRefusedException.class)
                .hasMessage("m is a Python pickle Skiff will not serve: " + reason + ". Nothing in it was run.");
    }

    @Test
    void refusesWhatABoosterPickleNeverDoes() {
        refused("\u0080\u0003h\u0005.", "it reads memo entry 5, which was never stored");
        refused("\u0080\u0003.", "its stack runs empty");
        refused("\u0080\u0003}q\u0000.", "it holds no xgboost.core.Booster with a state");
        refused("\u0080\u0001.", "it is pickle protocol 1; a pickled Booster uses 2 to 5");
        refused("\u0080\u0003cbuiltins\neval\n.", "it refers to builtins.eval, and Skiff reads only a pickled "
                + "xgboost.core.Booster");
        refused("\u0080\u0003cxgboost.core\nBooster\nK\u0001\u0085\u0081.",
                "it creates xgboost.core.Booster [1], not an empty xgboost.core.Booster");
        refused("\u0080\u0003cbuiltins\nbytearray\nK\u0001\u0085R.",
                "it calls builtins.bytearray in a way a pickled Booster does not");
        refused("\u0080\u0003cxgboost.core\nBooster\n)\u0081}X\u0006\u0000\u0000\u0000handleNsb.",
                "the Booster holds no model (its handle is empty)");
    }

    @Test
    void aStreamCutShortIsTruncated() {
        assertThatThrownBy(() -> BoosterPickle.read(new byte[] {(byte) 0x80, 3, 'X', 9, 0, 0, 0, 'a'}, "m"))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> BoosterPickle.read(new byte[] {(byte) 0x80, 3, ')'}, "m"))
                .hasMessage("m is a truncated pickle (it ends inside an opcode)");
    }
}
