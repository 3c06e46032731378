package org.tinyprune.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much the {@code search} method searches: how many per-group width vectors it trains briefly
 * as a proxy, and on how many training images each.
 *
 * @param candidates width vectors evaluated in all (the uniform width and random ones included)
 * @param proxyImages training images each candidate is trained on, for one epoch, before it is
 *     scored on held-out training images
 */
public record SearchConfig(int candidates, int proxyImages) {
    /** Default number of candidates. */
    public static final int DEFAULT_CANDIDATES = 20;

    /** Default training images per candidate. */
    public static final int DEFAULT_PROXY_IMAGES = 4000;

    /** The defaults. */
    public static final SearchConfig DEFAULTS =
            new SearchConfig(DEFAULT_CANDIDATES, DEFAULT_PROXY_IMAGES);

    /** Checks the sizes; messages name the option. */
    public SearchConfig {
        if (candidates < 1) {
            throw new IllegalArgumentException(
                    "--search-candidates must be >= 1, got " + candidates);
        }
        if (proxyImages < 1) {
            throw new IllegalArgumentException(
                    "--search-proxy-images must be >= 1, got " + proxyImages);
        }
    }

    /** The settings as key/values, for provenance and reports. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("search_candidates", candidates);
        m.put("search_proxy_images", proxyImages);
        return m;
    }
}
