package dev.skiff.samples.tribuo.wine;

/** An interval of valid values, each end open or closed; prints as {@code (0, 1)} or {@code [0, 14]}. */
record Range(double low, boolean lowOpen, double high, boolean highOpen) {
    static Range open(double low, double high) {
        return new Range(low, true, high, true);
    }

    static Range closed(double low, double high) {
        return new Range(low, false, high, false);
    }

    boolean contains(double v) {
        boolean aboveLow = lowOpen ? v > low : v >= low;
        boolean belowHigh = highOpen ? v < high : v <= high;
        return aboveLow && belowHigh && !Double.isInfinite(v);
    }

    @Override
    public String toString() {
        return (lowOpen ? "(" : "[") + bound(low) + ", " + bound(high)
                + (highOpen || Double.isInfinite(high) ? ")" : "]");
    }

    private static String bound(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
