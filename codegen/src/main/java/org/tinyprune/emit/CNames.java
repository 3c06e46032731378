package org.tinyprune.emit;

import java.util.HashSet;
import java.util.Set;

/**
 * Unique C identifiers derived from IR names ({@code "/layer1/conv.0"} → {@code layer1_conv_0}).
 */
final class CNames {
    private final Set<String> used = new HashSet<>();

    /**
     * A fresh identifier for {@code name}: non-identifier characters become '_', clashes get a
     * suffix.
     */
    String of(String name) {
        StringBuilder sb = new StringBuilder();
        for (char ch : name.toCharArray()) {
            sb.append(Character.isLetterOrDigit(ch) && ch < 128 ? ch : '_');
        }
        String base = sb.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
        if (base.isEmpty() || Character.isDigit(base.charAt(0))) {
            base = "n_" + base;
        }
        String id = base;
        for (int i = 2; !used.add(id.toLowerCase()); i++) {
            id = base + "_" + i;
        }
        return id;
    }
}
