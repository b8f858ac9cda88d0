package dev.skiff.samples.xgboost;

import java.util.List;

/**
 * Several members scored together and combined as SageMaker's XGBoost container combines its k-fold models: the
 * mean of their outputs, or for {@code multi:softmax} and {@code binary:hinge} (whose outputs are labels) the most
 * frequent one, the smallest on a tie (scipy's {@code stats.mode}). The mean is summed in float, member by member,
 * then divided by the count in float: numpy's {@code mean(axis=0)} of float32 predictions, to the bit.
 */
final class Ensemble implements Scorer {
    private final List<Scorer> members;
    private final boolean vote;

    Ensemble(List<Scorer> members, String objective) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble has at least two members");
        }
        this.members = List.copyOf(members);
        this.vote = votes(objective);
    }

    /** Objectives whose members' outputs are combined by vote rather than averaged. */
    static boolean votes(String objective) {
        return objective.equals("multi:softmax") || objective.equals("binary:hinge");
    }

    @Override
    public float[] score(float[] dense, int rows, int width) throws Exception {
        float[][] outputs = new float[members.size()][];
        for (int m = 0; m < outputs.length; m++) {
            outputs[m] = members.get(m).score(dense, rows, width);
            if (outputs[m].length != outputs[0].length) {
                throw new IllegalStateException("ensemble members answer " + outputs[0].length + " and "
                        + outputs[m].length + " values for the same rows");
            }
        }
        return vote ? mode(outputs) : mean(outputs);
    }

    private static float[] mean(float[][] outputs) {
        float[] out = outputs[0].clone();
        for (int m = 1; m < outputs.length; m++) {
            for (int i = 0; i < out.length; i++) {
                out[i] += outputs[m][i];
            }
        }
        float count = outputs.length;
        for (int i = 0; i < out.length; i++) {
            out[i] /= count;
        }
        return out;
    }

    private static float[] mode(float[][] outputs) {
        float[] out = new float[outputs[0].length];
        for (int i = 0; i < out.length; i++) {
            float best = Float.NaN;
            int bestCount = 0;
            for (float[] candidate : outputs) {
                float v = candidate[i];
                int count = 0;
                for (float[] other : outputs) {
                    count += Float.compare(other[i], v) == 0 ? 1 : 0;
                }
                if (count > bestCount || (count == bestCount && v < best)) {
                    best = v;
                    bestCount = count;
                }
            }
            out[i] = best;
        }
        return out;
    }

    @Override
    public String describe() {
        StringBuilder out = new StringBuilder(vote ? "vote of " : "mean of ");
        for (int m = 0; m < members.size(); m++) {
            out.append(m == 0 ? "" : "; ").append(members.get(m).describe());
        }
        return out.toString();
    }

    @Override
    public void close() {
        members.forEach(Scorer::close);
    }
}
