package dev.skiff.registry;

/**
 * What a loaded model takes, measured on the loader thread.
 *
 * @param fileBytes   its files on disk
 * @param heapBytes   the Java heap its objects hold (its object graph, walked once it is loaded)
 * @param nativeBytes the memory outside the heap the process took while it loaded (the growth of resident anonymous
 *                    memory, less the heap's): XGBoost4J's boosters, the model's class metadata
 */
public record Footprint(long fileBytes, long heapBytes, long nativeBytes) {
}
