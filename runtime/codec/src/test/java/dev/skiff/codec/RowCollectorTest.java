package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.SkiffException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowCollectorTest {
    private final List<Batch> batches = new ArrayList<>();

    @Test
    void batchesCarryTheirFirstRowNumber() {
        RowCollector rows = new RowCollector(InputSchema.numeric(2), 3, batches::add);
        for (int i = 1; i <= 7; i++) {
            rows.number(i);
            rows.text(" " + (i * 10) + " ");
            rows.endRow();
        }
        rows.flush();
        assertThat(batches).extracting(Batch::firstRow).containsExactly(1L, 4L, 7L);
        assertThat(batches).extracting(Batch::size).containsExactly(3, 3, 1);
        assertThat(batches.get(2).dense()).containsExactly(7f, 70f);
        assertThat(batches.get(1).dense()).containsExactly(4f, 40f, 5f, 50f, 6f, 60f);
        assertThat(rows.rows()).isEqualTo(7);
    }

    @Test
    void errorsCarryWhereAndWhatAsData() {
        RowCollector rows = new RowCollector(InputSchema.named(List.of("a", "b"), true), 10, batches::add);
        rows.number(1);
        assertThatThrownBy(() -> rows.text("x")).isInstanceOfSatisfying(SkiffException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_NUMBER);
            assertThat(e.row()).isEqualTo(1);
            assertThat(e.column()).isEqualTo("b");
            assertThat(e.expected()).isEqualTo("a number");
            assertThat(e.got()).isEqualTo("'x'");
            assertThat(e.problem()).isEqualTo("'x' is not a number");
            assertThat(e.getMessage()).isEqualTo("row 1, column b: 'x' is not a number");
        });
        RowCollector any = new RowCollector(InputSchema.numeric(InputSchema.ANY), 10, batches::add);
        any.number(1);
        any.number(2);
        any.endRow();
        any.number(3);
        assertThatThrownBy(any::endRow).isInstanceOfSatisfying(SkiffException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.WRONG_FEATURE_COUNT);
            assertThat(e.row()).isEqualTo(2);
            assertThat(e.column()).isNull();
            assertThat(e.expected()).isEqualTo("2");
            assertThat(e.got()).isEqualTo("1");
            assertThat(e.getMessage()).isEqualTo("row 2: 1 features, expected 2 (the width of row 1)");
        });
    }

    @Test
    void largeBatchesGrowAndAreNotShared() {
        RowCollector rows = new RowCollector(InputSchema.numeric(1), 100, batches::add);
        for (int i = 0; i < 250; i++) {
            rows.number(i);
            rows.endRow();
        }
        rows.flush();
        assertThat(batches).extracting(Batch::size).containsExactly(100, 100, 50);
        assertThat(batches.get(0).dense()[99]).isEqualTo(99f);
        assertThat(batches.get(2).dense()[0]).isEqualTo(200f);
    }

    @Test
    void generalRowsHoldDoublesStringsAndNulls() {
        RowCollector rows = new RowCollector(new InputSchema(InputSchema.ANY, List.of(), false), 10, batches::add);
        rows.number(1.5);
        rows.text("a");
        rows.missing();
        rows.number(Double.NaN);
        rows.endRow();
        rows.flush();
        assertThat(batches.get(0).row(0)).containsExactly(1.5, "a", null, null);
        assertThat(batches.get(0).width()).isEqualTo(4);
    }

    @Test
    void namedRowsFillBySchemaOrder() {
        RowCollector rows = new RowCollector(InputSchema.named(List.of("a", "b", "c"), false), 10, batches::add);
        rows.field("c");
        rows.text("z");
        rows.field("a");
        rows.number(1);
        rows.endRow();
        rows.flush();
        assertThat(batches.get(0).row(0)).containsExactly(1.0, null, "z");
    }

    @Test
    void aRowIsNamedOrPositionalNotBoth() {
        RowCollector rows = new RowCollector(InputSchema.named(List.of("a", "b"), true), 10, batches::add);
        rows.number(1);
        assertThatThrownBy(() -> rows.field("b")).isInstanceOfSatisfying(SkiffException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.row()).isEqualTo(1);
        });
    }

    @Test
    void flushWithAnOpenRowIsABug() {
        RowCollector rows = new RowCollector(InputSchema.numeric(1), 10, batches::add);
        rows.number(1);
        assertThatThrownBy(rows::flush).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void errorsCarryRowAndColumn() {
        RowCollector rows = new RowCollector(InputSchema.named(List.of("x", "y"), true), 10, batches::add);
        rows.number(1);
        rows.number(2);
        rows.endRow();
        rows.number(3);
        assertThatThrownBy(() -> rows.text("seven")).isInstanceOfSatisfying(SkiffException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_NUMBER);
            assertThat(e.code().status()).isEqualTo(400);
            assertThat(e.row()).isEqualTo(2);
            assertThat(e.column()).isEqualTo("y");
        });
    }
}
