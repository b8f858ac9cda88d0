package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expected texts are what CPython 3.11's {@code repr} prints for the same doubles (numpy float32 widened). */
class PythonReprTest {
    @Test
    void floatsPrintAsPythonPrintsTheirDouble() {
        assertThat(PythonRepr.number(0.9709456f)).isEqualTo("0.9709455966949463");
        assertThat(PythonRepr.number(1.0 - 0.9709456f)).isEqualTo("0.02905440330505371");
        assertThat(PythonRepr.number(0.1f)).isEqualTo("0.10000000149011612");
        assertThat(PythonRepr.number(1.0 - 0.1f)).isEqualTo("0.8999999985098839");
        assertThat(PythonRepr.number(3.4e38f)).isEqualTo("3.3999999521443642e+38");
        assertThat(PythonRepr.number(1e-7f)).isEqualTo("1.0000000116860974e-07");
    }

    @Test
    void notationSwitchesWherePythonsDoes() {
        assertThat(PythonRepr.number(1e-05)).isEqualTo("1e-05");
        assertThat(PythonRepr.number(0.0001)).isEqualTo("0.0001");
        assertThat(PythonRepr.number(1e16)).isEqualTo("1e+16");
        assertThat(PythonRepr.number(1234567890123456.0)).isEqualTo("1234567890123456.0");
        assertThat(PythonRepr.number(123.0)).isEqualTo("123.0");
        assertThat(PythonRepr.number(-2.5)).isEqualTo("-2.5");
        assertThat(PythonRepr.number(0.1)).isEqualTo("0.1");
        assertThat(PythonRepr.number(2.0)).isEqualTo("2.0");
        assertThat(PythonRepr.number(-0.0)).isEqualTo("-0.0");
        assertThat(PythonRepr.number(1e22)).isEqualTo("1e+22");
        assertThat(PythonRepr.number(1.5e-300)).isEqualTo("1.5e-300");
        assertThat(PythonRepr.number(Double.NaN)).isEqualTo("nan");
        assertThat(PythonRepr.number(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void listsAsPythonsStrOfAList() {
        assertThat(PythonRepr.list(List.of(0, 1))).isEqualTo("[0, 1]");
        assertThat(PythonRepr.list(Arrays.asList(0.25f, null, true))).isEqualTo("[0.25, None, True]");
        assertThat(PythonRepr.list(List.of(List.of(1L), List.of()))).isEqualTo("[[1], []]");
    }
}
