package dev.skiff.registry;

/**
 * A loaded model as the management routes describe it.
 *
 * @param name       its {@code model_name}
 * @param url        the {@code url} it was loaded from, as given
 * @param provider   the provider that loaded it
 * @param footprint  what it takes
 * @param loadMillis how long loading took
 * @param state      {@code ready}, {@code stuck} (every thread on a prediction past the timeout), {@code unloaded},
 *                   or {@code unloading} (a prediction still runs; its memory is given back when it returns)
 */
public record ModelInfo(String name, String url, String provider, Footprint footprint, long loadMillis,
                        String state) {
    ModelInfo withState(String newState) {
        return new ModelInfo(name, url, provider, footprint, loadMillis, newState);
    }
}
