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
 * <p>File format (big-endian): magic {@code TPCK}, version 1, epoch (int), step (long), entry count
 * (int), then per entry: name (modified UTF-8), length (int), float32 values. Entry names:
 * {@code param:<node>.<param>}, {@code opt:<kind>:<node>.<param>}, {@code opt:steps},
 * {@code rng:<dropout node>}.
 */
public final class Checkpoint {
    private static final int MAGIC = 0x5450434B;
    private static final int VERSION = 1;
    private final int epoch;
    private final long step;
    private final Map<String, float[]> entries;

    private Checkpoint(int epoch, long step, Map<String, float[]> entries) {
        this.epoch = epoch;
        this.step = step;
        this.entries = entries;
    }

    /** Completed epochs. */
    public int epoch() {
        return epoch;
    }

    /** Optimizer steps done. */
    public long step() {
        return step;
    }

    /** Captures the current state of a network and its optimizer (values are copied). */
    public static Checkpoint capture(Graph graph, Optimizer optimizer, int epoch, long step) {
        Map<String, float[]> e = new LinkedHashMap<>();
        graph.params().forEach((name, p) -> e.put("param:" + name, p.values().clone()));
        optimizer.state().forEach((name, v) -> e.put("opt:" + name, v.clone()));
        for (Node n : graph.nodes()) {
            if (n.layer() instanceof Dropout d) {
                long s = d.step();
                e.put("rng:" + n.name(), new float[] {Float.intBitsToFloat((int) (s >>> 32)), Float.intBitsToFloat((int) s)});
            }
        }
        return new Checkpoint(epoch, step, e);
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
        for (Node n : graph.nodes()) {
            float[] r = entries.get("rng:" + n.name());
            if (n.layer() instanceof Dropout d && r != null) {
                d.setStep(((long) Float.floatToRawIntBits(r[0]) << 32) | (Float.floatToRawIntBits(r[1]) & 0xFFFFFFFFL));
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
                out.writeInt(epoch);
                out.writeLong(step);
                out.writeInt(entries.size());
                for (Map.Entry<String, float[]> e : entries.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (float f : e.getValue()) {
                        out.writeFloat(f);
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
            if (version != VERSION) {
                throw new IOException(file + " has checkpoint version " + version + ", this build reads " + VERSION);
            }
            int epoch = in.readInt();
            long step = in.readLong();
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
            return new Checkpoint(epoch, step, entries);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated; delete it to start afresh", e);
        }
    }
}
