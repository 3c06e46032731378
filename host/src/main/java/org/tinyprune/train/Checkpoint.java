package org.tinyprune.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.layer.Dropout;

/**
 * A resumable training state: every param of the network (weights and running statistics), the
 * optimizer state, the number of completed epochs and optimizer steps, and the random-number state
 * (dropout mask positions; data order is a function of seed and epoch by the {@link BatchSource}
 * contract). Written atomically: to a temporary file in the same directory, flushed to disk, then
 * renamed over the target, so a crash leaves the previous checkpoint intact.
 *
 * <p>Listeners that keep their own state across epochs (a pruning schedule) add it with
 * {@link #withCounter} and {@link #withValues}: float64 arrays, so doubles round-trip exactly.
 *
 * <p>File format (big-endian): magic {@code TPCK}, version 2, counter count (int), then per
 * counter: name (modified UTF-8), value (long); entry count (int), then per entry: name, length
 * (int), float32 values; then (version 2) value count (int), then per value array: name, length
 * (int), float64 values. Counters: {@code epoch}, {@code step}, {@code opt:steps},
 * {@code rng:seed:<dropout node>}, {@code rng:step:<dropout node>}, plus listeners' own. Entries:
 * {@code param:<node>.<param>}, {@code opt:<kind>:<node>.<param>}. Version 1 files (no value
 * arrays) are still read.
 */
public final class Checkpoint {
    private static final int MAGIC = 0x5450434B;
    private static final int VERSION = 2;
    private final Map<String, Long> counters;
    private final Map<String, float[]> entries;
    private final Map<String, double[]> values;

    private Checkpoint(Map<String, Long> counters, Map<String, float[]> entries, Map<String, double[]> values) {
        this.counters = counters;
        this.entries = entries;
        this.values = values;
    }

    /** Completed epochs. */
    public int epoch() {
        return (int) counter("epoch");
    }

    /** Optimizer steps done. */
    public long step() {
        return counter("step");
    }

    /**
     * A counter by name.
     *
     * @throws IllegalArgumentException when the checkpoint has none of that name
     */
    public long counter(String name) {
        Long v = counters.get(name);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint has no counter '" + name
                    + "'; it was written by another kind of run (start afresh without --resume)");
        }
        return v;
    }

    /**
     * A float64 array by name (a copy).
     *
     * @throws IllegalArgumentException when the checkpoint has none of that name
     */
    public double[] values(String name) {
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint has no values '" + name
                    + "'; it was written by another kind of run (start afresh without --resume)");
        }
        return v.clone();
    }

    /** Adds (or replaces) a counter; returns this checkpoint. */
    public Checkpoint withCounter(String name, long value) {
        counters.put(name, value);
        return this;
    }

    /** Adds (or replaces) a float64 array (copied); returns this checkpoint. */
    public Checkpoint withValues(String name, double[] v) {
        values.put(name, v.clone());
        return this;
    }

    /** Captures the current state of a network and its optimizer (values are copied). */
    public static Checkpoint capture(Graph graph, Optimizer optimizer, int epoch, long step) {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("epoch", (long) epoch);
        c.put("step", step);
        c.put("opt:steps", optimizer.steps());
        Map<String, float[]> e = new LinkedHashMap<>();
        graph.params().forEach((name, p) -> e.put("param:" + name, p.values().clone()));
        optimizer.state().forEach((name, v) -> e.put("opt:" + name, v.clone()));
        for (Node n : graph.nodes()) {
            if (n.layer() instanceof Dropout d) {
                c.put("rng:seed:" + n.name(), d.seed());
                c.put("rng:step:" + n.name(), d.step());
            }
        }
        return new Checkpoint(c, e, new LinkedHashMap<>());
    }

    /**
     * Copies this state into {@code graph} and {@code optimizer}.
     *
     * @throws IllegalArgumentException naming the first param that is missing or has another size
     */
    public void restore(Graph graph, Optimizer optimizer) {
        for (Map.Entry<String, Param> p : graph.params().entrySet()) {
            float[] v = entries.get("param:" + p.getKey());
            if (v == null || v.length != p.getValue().size()) {
                throw new IllegalArgumentException("checkpoint has " + (v == null ? "no param '" + p.getKey() + "'"
                        : "param '" + p.getKey() + "' of size " + v.length + ", network needs " + p.getValue().size())
                        + "; it was written for a different model (use the same --model and widths, or start afresh)");
            }
            p.getValue().copyFrom(v);
        }
        Map<String, float[]> opt = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            if (k.startsWith("opt:")) {
                opt.put(k.substring(4), v);
            }
        });
        optimizer.loadState(opt);
        optimizer.setSteps(counter("opt:steps"));
        for (Node n : graph.nodes()) {
            if (n.layer() instanceof Dropout d) {
                d.setSeed(counter("rng:seed:" + n.name()));
                d.setStep(counter("rng:step:" + n.name()));
            }
        }
    }

    /** Writes this checkpoint to {@code file} atomically. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream os = java.nio.channels.Channels.newOutputStream(ch);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(counters.size());
                for (Map.Entry<String, Long> c : counters.entrySet()) {
                    out.writeUTF(c.getKey());
                    out.writeLong(c.getValue());
                }
                out.writeInt(entries.size());
                for (Map.Entry<String, float[]> e : entries.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (float f : e.getValue()) {
                        out.writeFloat(f);
                    }
                }
                out.writeInt(values.size());
                for (Map.Entry<String, double[]> e : values.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (double d : e.getValue()) {
                        out.writeDouble(d);
                    }
                }
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a checkpoint.
     *
     * @throws IOException naming the file if it is missing, truncated or not a tinyprune checkpoint
     */
    public static Checkpoint read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a tinyprune checkpoint (bad magic)");
            }
            int version = in.readInt();
            if (version < 1 || version > VERSION) {
                throw new IOException(file + " has checkpoint version " + version + ", this build reads 1 to "
                        + VERSION);
            }
            Map<String, Long> counters = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                counters.put(in.readUTF(), in.readLong());
            }
            int count = in.readInt();
            Map<String, float[]> entries = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                entries.put(name, v);
            }
            Map<String, double[]> values = new LinkedHashMap<>();
            for (int i = version < 2 ? 0 : in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                double[] v = new double[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readDouble();
                }
                values.put(name, v);
            }
            return new Checkpoint(counters, entries, values);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated; delete it to start afresh", e);
        }
    }
}
