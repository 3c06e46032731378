package org.tinyprune.nn;

/**
 * A capability a {@link Layer} declares through {@link Layer#channelFlow}: how the channels (or
 * features) of its output follow from those of its inputs. Pruning reads it to find the coupling
 * groups of a graph, the sets of channels that must be kept or removed together, without knowing
 * the layer's class; {@link Layer#keepChannels} then cuts the layer down to the channels kept.
 *
 * @param kind the relation
 * @param why for {@link Kind#BLOCKS}: what the layer does to channels that pruning cannot follow,
 *     in words for a report (e.g. "a fixed permutation of 32 channels"); else null
 */
public record ChannelFlow(Kind kind, String why) {

    /** The relations between input and output channels. */
    public enum Kind {
        /** Output channels are new (convolution, dense, input): they form a group of their own. */
        CREATES,
        /**
         * Output channel c is input channel c (activations, BatchNorm, pooling, padding, depthwise
         * conv).
         */
        CHANNEL_WISE,
        /**
         * Inputs with the same channels combined element by element (Add, Mul): their groups are
         * one. An input of one channel broadcast over all of the output's is not tied.
         */
        TIES,
        /** Inputs laid side by side along the channels (Concat). */
        CONCATENATES,
        /**
         * Each input channel becomes a run of consecutive output positions (Flatten; a Reshape that
         * keeps or splits channels). The run's length is the ratio of the per-channel sizes.
         */
        SPREADS,
        /**
         * Mixes channels in a way pruning cannot follow (a channel shuffle, a grouped convolution,
         * a reshape across channels): its inputs' channels are kept whole, and its output is a new
         * group, kept whole too.
         */
        BLOCKS,
        /** Not declared: pruning treats the layer as {@link #BLOCKS}, naming it. */
        UNKNOWN
    }

    /** See {@link Kind#CREATES}. */
    public static final ChannelFlow CREATES = new ChannelFlow(Kind.CREATES, null);

    /** See {@link Kind#CHANNEL_WISE}. */
    public static final ChannelFlow CHANNEL_WISE = new ChannelFlow(Kind.CHANNEL_WISE, null);

    /** See {@link Kind#TIES}. */
    public static final ChannelFlow TIES = new ChannelFlow(Kind.TIES, null);

    /** See {@link Kind#CONCATENATES}. */
    public static final ChannelFlow CONCATENATES = new ChannelFlow(Kind.CONCATENATES, null);

    /** See {@link Kind#SPREADS}. */
    public static final ChannelFlow SPREADS = new ChannelFlow(Kind.SPREADS, null);

    /** See {@link Kind#UNKNOWN}. */
    public static final ChannelFlow UNKNOWN =
            new ChannelFlow(
                    Kind.UNKNOWN, "it does not declare how it maps channels (Layer.channelFlow)");

    /** Checks that {@code why} is given exactly for the blocking kinds. */
    public ChannelFlow {
        boolean blocking = kind == Kind.BLOCKS || kind == Kind.UNKNOWN;
        if (blocking != (why != null)) {
            throw new IllegalArgumentException(
                    "a ChannelFlow gives a reason exactly when it blocks pruning; got "
                            + kind
                            + " with "
                            + (why == null ? "none" : "'" + why + "'"));
        }
    }

    /** A layer that pruning cannot see through, for the reason {@code why} (shown in reports). */
    public static ChannelFlow blocks(String why) {
        return new ChannelFlow(Kind.BLOCKS, why);
    }

    /** True for {@link Kind#BLOCKS} and {@link Kind#UNKNOWN}. */
    public boolean blocking() {
        return kind == Kind.BLOCKS || kind == Kind.UNKNOWN;
    }
}
