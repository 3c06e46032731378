package org.tinyprune.link.qemu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.CompilerFlags;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.JSerialCommLink;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink;

/**
 * Starts an emulated board: {@code qemu-system-arm -M <machine> -nographic -icount shift=0 -S -qmp
 * unix:<sock>,server=on,wait=off -serial pty -monitor none -kernel <bootloader.elf>}, reads {@code
 * char device redirected to /dev/pts/N (label serial0)} from QEMU's output, opens the pty, and only
 * then resumes the halted CPU over QMP ({@code qmp_capabilities}, {@code cont}), so the host sees
 * every byte the board sends.
 *
 * <p>QEMU never outlives the JVM that started it. Closing the board or a JVM shutdown (Ctrl-C,
 * SIGTERM) ends it through {@link EmulatedBoard}; for a JVM that dies without running its hooks
 * (SIGKILL, a crash) QEMU is started through {@code setpriv --pdeathsig KILL} (util-linux), so the
 * kernel kills it when its parent goes. Linux ties that signal to the <em>thread</em> that started
 * the process, so every QEMU is started from one thread that lives as long as the JVM.
 */
public final class QemuLauncher {
    /** The emulator binary. */
    public static final String QEMU = "qemu-system-arm";

    /** The util-linux tool that sets the parent-death signal before it runs QEMU. */
    public static final String SETPRIV = "setpriv";

    private static final ExecutorService STARTER =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "qemu-starter");
                        t.setDaemon(true);
                        return t;
                    });
    private static final Pattern PTY =
            Pattern.compile("char device redirected to (\\S+) \\(label serial0\\)");

    private QemuLauncher() {}

    /**
     * Returns whether {@value #QEMU} can be run on this machine.
     *
     * @return true when found on the PATH
     */
    public static boolean available() {
        return onPath(QEMU);
    }

    private static boolean onPath(String program) {
        for (String dir :
                System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the command that starts QEMU so that it dies with this JVM: {@code command} behind
     * {@code setpriv --pdeathsig KILL} when setpriv is installed, else {@code command} itself (then
     * only closing the board or the JVM's shutdown hook ends QEMU).
     *
     * @param command QEMU's command line, program first
     * @return the command to start
     */
    public static List<String> tiedToThisProcess(List<String> command) {
        if (!onPath(SETPRIV)) {
            return command;
        }
        List<String> cmd = new ArrayList<>(List.of(SETPRIV, "--pdeathsig", "KILL", "--"));
        cmd.addAll(command);
        return cmd;
    }

    /**
     * Starts a process from the long-lived starter thread (see the class comment).
     *
     * @param builder the process to start
     * @return the started process
     * @throws IOException when it cannot be started
     */
    static Process start(ProcessBuilder builder) throws IOException {
        try {
            return STARTER.submit(builder::start).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(
                    "cannot start " + builder.command().get(0) + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + builder.command().get(0), e);
        }
    }

    /**
     * Builds the command line.
     *
     * @param profile an emulated board's profile
     * @param kernel the ELF to load (the resident bootloader)
     * @param qmpSocket where QEMU listens for QMP
     * @return the arguments, program first
     */
    public static List<String> commandLine(BoardProfile profile, Path kernel, Path qmpSocket) {
        List<String> cmd = new ArrayList<>(List.of(QEMU, "-M", profile.getEmulator().getMachine()));
        if (!profile.getEmulator().getCpu().isEmpty()) {
            cmd.addAll(List.of("-cpu", profile.getEmulator().getCpu()));
        }
        cmd.addAll(
                List.of(
                        "-nographic",
                        "-icount",
                        "shift=0",
                        "-S",
                        "-qmp",
                        "unix:" + qmpSocket.toString().replace(",", ",,") + ",server=on,wait=off",
                        "-serial",
                        "pty",
                        "-monitor",
                        "none",
                        "-kernel",
                        kernel.toString()));
        return cmd;
    }

    /**
     * Launches the board and returns it running, with its serial port open.
     *
     * @param profile an emulated board's profile
     * @param bootloaderElf the resident bootloader built for this board
     * @return the running board; close it to end QEMU
     * @throws LinkException {@link Kind#INVALID_REQUEST} for a board without an emulator or a
     *     missing ELF, {@link Kind#GONE} when QEMU fails to start (its output is in the message)
     */
    public static EmulatedBoard launch(BoardProfile profile, Path bootloaderElf)
            throws LinkException {
        if (!profile.hasEmulator()) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    "board "
                            + profile.getName()
                            + " is not emulated; "
                            + "pass --port with the serial device of the real board");
        }
        if (!Files.isRegularFile(bootloaderElf)) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    "bootloader "
                            + bootloaderElf
                            + " does not exist; "
                            + "build it with make -C device-runtime BOARD="
                            + profile.getName()
                            + " bootloader");
        }
        if (!available()) {
            throw new LinkException(
                    Kind.INVALID_REQUEST, QEMU + " is not installed; run scripts/install-deps.sh");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("tinyprune-qemu");
        } catch (IOException e) {
            throw new LinkException(
                    Kind.GONE, "cannot create a folder for the QMP socket: " + e.getMessage(), e);
        }
        Path socket = dir.resolve("qmp.sock");
        Process process;
        try {
            process =
                    start(
                            new ProcessBuilder(
                                            tiedToThisProcess(
                                                    commandLine(profile, bootloaderElf, socket)))
                                    .redirectErrorStream(true));
        } catch (IOException e) {
            throw new LinkException(Kind.GONE, "cannot start " + QEMU + ": " + e.getMessage(), e);
        }
        EmulatedBoard board = new EmulatedBoard(profile, process, dir);
        try {
            String pty = awaitPty(process, board);
            SerialLink serial = JSerialCommLink.open(pty, 115200);
            board.attach(pty, serial, QmpClient.connect(socket, 5000, process::isAlive));
            board.resume();
            return board;
        } catch (LinkException | RuntimeException e) {
            board.close();
            throw e;
        }
    }

    /**
     * Builds the board's resident bootloader with the device-runtime Makefile (into {@code
     * device-runtime/build/<board>}) and launches the board.
     *
     * @param profile an emulated board's profile
     * @param repoRoot the tinyprune repository
     * @return the running board
     * @throws LinkException as {@link #launch(BoardProfile, Path)}, or when the build fails
     */
    public static EmulatedBoard buildAndLaunch(BoardProfile profile, Path repoRoot)
            throws LinkException {
        if (!profile.hasEmulator()) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    "board "
                            + profile.getName()
                            + " is not emulated; "
                            + "pass --port with the serial device of the real board");
        }
        FirmwareMake make = new FirmwareMake(repoRoot);
        Path out = make.defaultOut(profile.getName());
        try {
            CompilerFlags.write(profile, out); // the bootloader talks on the profile's UART too
        } catch (BoardProfileException | IOException e) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    "cannot build the bootloader of " + profile.getName() + ": " + e.getMessage(),
                    e);
        }
        return launch(profile, make.bootloader(profile.getName(), out));
    }

    private static String awaitPty(Process process, EmulatedBoard board) throws LinkException {
        CompletableFuture<String> pty = new CompletableFuture<>();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = r.readLine()) != null) {
                                    Matcher m = PTY.matcher(line);
                                    if (m.find()) {
                                        pty.complete(m.group(1));
                                    } else {
                                        board.recordOutput(line);
                                    }
                                }
                            } catch (IOException ignored) {
                                // the process ended; its exit is noticed below or by the board
                            }
                            pty.complete(null);
                        },
                        "qemu-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String path = pty.get(10, TimeUnit.SECONDS);
            if (path == null) {
                throw new LinkException(
                        Kind.GONE,
                        QEMU + " ended before opening its serial pty; it said: " + board.output());
            }
            return path;
        } catch (TimeoutException e) {
            throw new LinkException(
                    Kind.TIMEOUT,
                    QEMU
                            + " did not report its serial pty within 10 s; "
                            + "it said: "
                            + board.output(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkException(Kind.TIMEOUT, "interrupted while starting " + QEMU, e);
        } catch (ExecutionException e) {
            throw new LinkException(Kind.GONE, "reading " + QEMU + " output failed", e);
        }
    }
}
