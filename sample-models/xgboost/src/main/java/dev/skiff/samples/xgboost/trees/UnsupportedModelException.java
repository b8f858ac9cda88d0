package dev.skiff.samples.xgboost.trees;

/** The model uses something the JVM evaluator does not implement; XGBoost4J can still serve it. */
public final class UnsupportedModelException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedModelException(String reason) {
        super(reason);
    }
}
