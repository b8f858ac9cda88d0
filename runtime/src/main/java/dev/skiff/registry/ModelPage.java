package dev.skiff.registry;

import java.util.List;

/**
 * One page of {@code GET /models}, in name order.
 *
 * @param models        the page's models
 * @param nextPageToken what to send as {@code next_page_token} for the next page; {@code null} on the last page
 */
public record ModelPage(List<ModelInfo> models, String nextPageToken) {
}
