package dev.skiff.samples.xgboost;

import dev.skiff.samples.xgboost.ContentTypes.Format;
import dev.skiff.spi.TrainingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentTypesTest {
    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
            "csv|CSV", "text/csv|CSV", "text/csv; label_size=1|CSV", "TEXT/CSV;charset=utf-8|CSV",
            "text/csv;label_size=\"1\"|CSV", "libsvm|LIBSVM", "text/libsvm|LIBSVM", "text/x-libsvm|LIBSVM",
            "text/libsvm ;charset=utf8|LIBSVM", "Text/LibSVM|LIBSVM",
            "application/x-recordio-protobuf|RECORDIO_PROTOBUF", "recordio-protobuf|RECORDIO_PROTOBUF",
            "Application/X-RecordIO-Protobuf; charset=binary|RECORDIO_PROTOBUF"})
    void readsWhatTheContainerReads(String declared, Format format) {
        assertThat(ContentTypes.resolve("train", Optional.of(declared))).isEqualTo(format);
    }

    @Test
    void noContentTypeIsLibsvm() {
        assertThat(ContentTypes.resolve("train", Optional.empty())).isEqualTo(Format.LIBSVM);
        assertThat(ContentTypes.resolve("train", Optional.of(" "))).isEqualTo(Format.LIBSVM);
    }

    @Test
    void parquetIsRecognisedButRefusedNamingTheChannel() {
        assertThat(ContentTypes.recognise("train", Optional.of("application/x-parquet"))).isEqualTo(Format.PARQUET);
        assertThatThrownBy(() -> ContentTypes.resolve("validation", Optional.of("parquet")))
                .isInstanceOf(TrainingException.class)
                .hasMessage("channel 'validation' has ContentType 'parquet', which is not supported (Parquet): use"
                        + " text/csv (label first, no header), text/libsvm or application/x-recordio-protobuf");
    }

    @Test
    void anotherLabelSizeOrTypeFailsNamingTheChannelAndTheValue() {
        assertThatThrownBy(() -> ContentTypes.resolve("train", Optional.of("text/csv; label_size=2")))
                .isInstanceOf(TrainingException.class)
                .hasMessage("channel 'train' has ContentType 'text/csv; label_size=2': label_size must be 1 (XGBoost"
                        + " trains on one label column)");
        assertThatThrownBy(() -> ContentTypes.resolve("validation", Optional.of("application/json")))
                .hasMessage("channel 'validation' has ContentType 'application/json', which XGBoost training does"
                        + " not read: use text/csv (label first, no header), text/libsvm or"
                        + " application/x-recordio-protobuf");
    }
}
