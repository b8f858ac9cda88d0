package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What {@link XGBoostTraining} asks of the hosts it trains with: whether this host takes part, agreement on values
 * every host must share, a stop that every host takes after the same round, and who writes the model. {@link #LOCAL}
 * is one host alone; {@link RabitCollective} is XGBoost's own collective across hosts.
 */
interface Collective {
    /** One host: everything is already agreed. */
    Collective LOCAL = new Collective() {
        @Override
        public boolean join(Optional<String> emptyChannel) {
            emptyChannel.ifPresent(name -> {
                throw new TrainingException("channel '" + name + "' has no rows");
            });
            return true;
        }

        @Override
        public boolean multiHost() {
            return false;
        }

        @Override
        public int min(int value) {
            return value;
        }

        @Override
        public int max(int value) {
            return value;
        }

        @Override
        public void requireSameStart(int round) {
        }

        @Override
        public BooleanSupplier stop(BooleanSupplier local) {
            return local;
        }

        @Override
        public boolean writesModel() {
            return true;
        }
    };

    /**
     * Called once the data is read, before any DMatrix exists (building one is itself collective).
     *
     * @param emptyChannel a channel that has no rows on this host, if any
     * @return false when this host sits the training out (it has no data): train nothing, write nothing
     */
    boolean join(Optional<String> emptyChannel) throws Exception;

    /** True when the job has several hosts (known before {@link #join}, whatever the group turns out to be). */
    boolean multiHost();

    /** The smallest of every host's {@code value}. */
    int min(int value);

    /** The largest of every host's {@code value}. */
    int max(int value);

    /**
     * Checks that training (re)starts at the same round on every host (they resumed from the same checkpoint).
     *
     * @throws TrainingException when the hosts found different checkpoints
     */
    void requireSameStart(int round);

    /** A stop check that is true on every host as soon as {@code local} is true on any, asked before each round. */
    BooleanSupplier stop(BooleanSupplier local);

    /** Whether this host writes the model: the master of the group, or the only host. */
    boolean writesModel();
}
