package org.tinyprune.zoo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tinyprune.nn.Graph;

/** The model registry: zoo architectures by name. */
public final class Zoo {

    /** The default architecture's name. */
    public static final String DEFAULT = "vgg-small";

    private static final Map<String, Architecture> REGISTRY = new LinkedHashMap<>();

    static {
        for (Architecture a :
                new Architecture[] {
                    new VggSmall(), new MobileNetV2Small(), new DsCnn(), new ResNet8()
                }) {
            REGISTRY.put(a.name(), a);
        }
    }

    private Zoo() {}

    /**
     * @return the registered names, in a fixed order
     */
    public static Set<String> names() {
        return REGISTRY.keySet();
    }

    /**
     * Finds an architecture.
     *
     * @param name a registered name
     * @return the architecture
     * @throws IllegalArgumentException listing the known names if {@code name} is not one
     */
    public static Architecture architecture(String name) {
        Architecture a = REGISTRY.get(name);
        if (a == null) {
            throw new IllegalArgumentException(
                    "unknown model '" + name + "'; known models: " + String.join(", ", names()));
        }
        return a;
    }

    /**
     * Builds a zoo network.
     *
     * @param name a registered name, e.g. {@code vgg-small}
     * @param config input shape, classes and width
     * @return the new, uninitialised graph
     * @throws IllegalArgumentException if the name is unknown or the input too small
     */
    public static Graph build(String name, ModelConfig config) {
        return architecture(name).build(config);
    }
}
