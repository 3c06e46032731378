package org.tinyprune.train;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tinyprune.io.AtomicFiles;
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
 * <p>Listeners that keep their own state across epochs (a pruning schedule) add it with {@link
 * #withCounter} and {@link #withValues}: float64 arrays, so doubles round-trip exactly.
 *
 * <p>File format (big-endian): magic {@code TPCK}, version 3, counter count (int), then per
 * counter: name (modified UTF-8), value (long); entry count (int), then per entry: name, length
 * (int), float32 values; value count (int), then per value array: name, length (int), float64
 * values; last, the SHA-256 (32 bytes) of everything before it. Counters: {@code epoch}, {@code
 * step}, {@code opt:steps}, {@code rng:seed:<dropout node>}, {@code rng:step:<dropout node>}, plus
 * listeners' own. Entries: {@code param:<node>.<param>}, {@code opt:<kind>:<node>.<param>}. {@link
 * #read} checks the SHA-256 before parsing anything and refuses files of versions 1 and 2, which
 * carry none: a damaged checkpoint is never resumed from.
 */
public final class Checkpoint {
    private static final int MAGIC = 0x5450434B;
    private static final int VERSION = 3;
    private static final int DIGEST_BYTES = 32;
    private final Map<String, Long> counters;
    private final Map<String, float[]> entries;
    private final Map<String, double[]> values;

    private Checkpoint(
            Map<String, Long> counters,
            Map<String, float[]> entries,
            Map<String, double[]> values) {
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

    /** Counter under which a run records a hash of the configuration that wrote the checkpoint. */
    public static final String CONFIG_HASH = "config:hash";

    /**
     * True when this checkpoint records {@code hash} under {@link #CONFIG_HASH}: false when it
     * records another configuration or none (written by another kind of run).
     */
    public boolean writtenBy(long hash) {
        Long v = counters.get(CONFIG_HASH);
        return v != null && v == hash;
    }

    /**
     * A counter by name.
     *
     * @throws IllegalArgumentException when the checkpoint has none of that name
     */
    public long counter(String name) {
        Long v = counters.get(name);
        if (v == null) {
            throw new IllegalArgumentException(
                    "checkpoint has no counter '"
                            + name
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
            throw new IllegalArgumentException(
                    "checkpoint has no values '"
                            + name
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
                throw new IllegalArgumentException(
                        "checkpoint has "
                                + (v == null
                                        ? "no param '" + p.getKey() + "'"
                                        : "param '"
                                                + p.getKey()
                                                + "' of size "
                                                + v.length
                                                + ", network needs "
                                                + p.getValue().size())
                                + "; it was written for a different model (use the same --model and widths, or start afresh)");
            }
            p.getValue().copyFrom(v);
        }
        Map<String, float[]> opt = new LinkedHashMap<>();
        entries.forEach(
                (k, v) -> {
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

    /** Writes this checkpoint to {@code file} atomically, its SHA-256 last. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(
                file,
                os -> {
                    MessageDigest sha = sha256();
                    DataOutputStream out = new DataOutputStream(new DigestOutputStream(os, sha));
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
                    os.write(sha.digest());
                });
    }

    /**
     * Reads a checkpoint, checking its SHA-256 before believing any of it.
     *
     * @throws CheckpointException naming the file if it is not a tinyprune checkpoint, has another
     *     format version (files of versions 1 and 2 carry no checksum and are refused), is
     *     truncated or damaged
     * @throws IOException if it cannot be read
     */
    public static Checkpoint read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file);
    }

    /**
     * Decodes the bytes of a checkpoint file, checking its SHA-256 before believing any of it.
     *
     * @param bytes the file's contents
     * @param file where they came from, for messages
     * @throws CheckpointException as {@link #read} does
     */
    static Checkpoint decode(byte[] bytes, Path file) throws CheckpointException {
        if (bytes.length < 8 || ByteBuffer.wrap(bytes).getInt(0) != MAGIC) {
            throw new CheckpointException(file, "is not a tinyprune checkpoint (bad magic)", null);
        }
        int version = ByteBuffer.wrap(bytes).getInt(4);
        if (version != VERSION) {
            throw new CheckpointException(
                    file,
                    "has checkpoint format version "
                            + version
                            + "; this build reads only "
                            + "version "
                            + VERSION
                            + (version >= 1 && version < VERSION
                                    ? " (earlier versions carry no "
                                            + "checksum, so their contents cannot be trusted)"
                                    : ""),
                    null);
        }
        int payload = bytes.length - DIGEST_BYTES;
        if (payload < 8) {
            throw new CheckpointException(file, "is truncated (" + bytes.length + " bytes)", null);
        }
        MessageDigest sha = sha256();
        sha.update(bytes, 0, payload);
        if (!MessageDigest.isEqual(
                sha.digest(), Arrays.copyOfRange(bytes, payload, bytes.length))) {
            throw new CheckpointException(
                    file, "is damaged or truncated: its SHA-256 does not match its contents", null);
        }
        try {
            return parse(ByteBuffer.wrap(bytes, 8, payload - 8).slice(), file);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CheckpointException(
                    file, "is malformed (" + e.getMessage() + ") although its checksum matches", e);
        }
    }

    private static Checkpoint parse(ByteBuffer in, Path file) throws CheckpointException {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = count(in, 1); i > 0; i--) {
            counters.put(utf(in), in.getLong());
        }
        Map<String, float[]> entries = new LinkedHashMap<>();
        for (int i = count(in, 1); i > 0; i--) {
            String name = utf(in);
            float[] v = new float[count(in, Float.BYTES)];
            in.asFloatBuffer().get(v);
            in.position(in.position() + v.length * Float.BYTES);
            entries.put(name, v);
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        for (int i = count(in, 1); i > 0; i--) {
            String name = utf(in);
            double[] v = new double[count(in, Double.BYTES)];
            in.asDoubleBuffer().get(v);
            in.position(in.position() + v.length * Double.BYTES);
            values.put(name, v);
        }
        if (in.hasRemaining()) {
            throw new CheckpointException(
                    file, "has " + in.remaining() + " unexpected bytes after its contents", null);
        }
        return new Checkpoint(counters, entries, values);
    }

    /** A count of items of at least {@code itemBytes} each, checked against the bytes left. */
    private static int count(ByteBuffer in, int itemBytes) {
        int n = in.getInt();
        if (n < 0 || (long) n * itemBytes > in.remaining()) {
            throw new IllegalArgumentException(
                    "a count of " + n + " does not fit the " + in.remaining() + " bytes left");
        }
        return n;
    }

    /** A string as {@link DataOutputStream#writeUTF} wrote it. */
    private static String utf(ByteBuffer in) {
        int length = in.getShort() & 0xFFFF;
        if (length > in.remaining()) {
            throw new IllegalArgumentException(
                    "a name of "
                            + length
                            + " bytes does not fit the "
                            + in.remaining()
                            + " bytes left");
        }
        byte[] b = new byte[length + 2];
        b[0] = (byte) (length >>> 8);
        b[1] = (byte) length;
        in.get(b, 2, length);
        try {
            return new DataInputStream(new ByteArrayInputStream(b)).readUTF();
        } catch (IOException e) {
            throw new IllegalArgumentException("a name is not modified UTF-8", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(
                    "the JVM has no SHA-256", e); // every Java SE platform has it
        }
    }
}
