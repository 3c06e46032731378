package org.tinyprune.prune;

/**
 * Where each channel (or flattened feature) of one node's output comes from: position {@code p}
 * carries channel {@code index[p]} of coupling group {@code group[p]}.
 *
 * @param group group id per position
 * @param index channel index within that group per position
 */
public record ChannelMap(int[] group, int[] index) {
    /** A map of {@code channels} positions that are channels {@code 0..channels-1} of one group. */
    static ChannelMap of(int groupId, int channels) {
        int[] g = new int[channels];
        int[] ix = new int[channels];
        for (int c = 0; c < channels; c++) {
            g[c] = groupId;
            ix[c] = c;
        }
        return new ChannelMap(g, ix);
    }

    /** Number of positions. */
    public int size() {
        return group.length;
    }

    /** The group of position 0 if every position belongs to that one group, else -1. */
    public int singleGroup() {
        for (int g : group) {
            if (g != group[0]) {
                return -1;
            }
        }
        return group.length == 0 ? -1 : group[0];
    }
}
