package org.tinyprune.link.fault.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink;
import org.tinyprune.link.fault.BoardReset;
import org.tinyprune.link.fault.Direction;
import org.tinyprune.link.fault.Fault;
import org.tinyprune.link.fault.FaultKind;

/**
 * The campaign loop on an in-memory echo board: a job that sends 40 bytes and reads them back,
 * naively accepting whatever comes (so corruptions are wrong results accepted), or checking a
 * length and a sum (so they become clear errors).
 */
class FaultCampaignTest {
    /** A board that echoes every byte it receives; a reset drops what it had not sent yet. */
    static final class EchoBoard implements SerialLink {
        final LinkedBlockingQueue<Byte> out = new LinkedBlockingQueue<>();
        int resets;

        @Override
        public String name() {
            return "echo0";
        }

        @Override
        public void configure(int baud, Parity parity) {}

        @Override
        public void write(byte[] data) {
            for (byte b : data) {
                out.add(b);
            }
        }

        @Override
        public int read(byte[] buf, int off, int len, long timeoutMillis) throws LinkException {
            try {
                Byte first = out.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    return 0;
                }
                buf[off] = first;
                int n = 1;
                Byte b;
                while (n < len && (b = out.poll()) != null) {
                    buf[off + n++] = b;
                }
                return n;
            } catch (InterruptedException e) {
                throw new LinkException(Kind.TIMEOUT, "interrupted");
            }
        }

        @Override
        public void discardInput() {
            out.clear();
        }

        @Override
        public void setControlLines(boolean dtr, boolean rts) {}

        @Override
        public void close() {}
    }

    /** Sends 0..39 and reads 40 bytes back within 100 ms; {@code checked} also compares them. */
    static class EchoJob implements CampaignJob {
        final EchoBoard board = new EchoBoard();
        final boolean checked;
        int restores;

        EchoJob(boolean checked) {
            this.checked = checked;
        }

        @Override
        public String protocol() {
            return "echo";
        }

        @Override
        public SerialLink link() {
            return board;
        }

        @Override
        public BoardReset reset() {
            return () -> {
                board.resets++;
                board.out.clear();
            };
        }

        @Override
        public void prepare() {}

        @Override
        public void restore() {
            restores++;
            board.out.clear();
        }

        @Override
        public Verdict run(SerialLink link) {
            byte[] sent = new byte[40];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) i;
            }
            try {
                link.write(sent);
                byte[] got = link.readExactly(40, 100);
                if (checked && !Arrays.equals(got, sent)) {
                    return new Verdict(Outcome.CLEAR_ERROR, link.name() + ": echo differs");
                }
                return Arrays.equals(got, sent)
                        ? new Verdict(Outcome.CORRECT, "")
                        : new Verdict(Outcome.WRONG_ACCEPTED, "echo differs");
            } catch (LinkException e) {
                board.out.clear();
                return Verdict.failed(e, board.name());
            }
        }
    }

    static final CampaignSettings SETTINGS =
            new CampaignSettings(
                    60,
                    5,
                    3,
                    EnumSet.of(
                            FaultKind.DROP,
                            FaultKind.CORRUPT,
                            FaultKind.DUPLICATE,
                            FaultKind.RESET),
                    20);

    @Test
    void runsUntilTheRequestedFaultsFiredAndTalliesThem() throws Exception {
        List<String> lines = new ArrayList<>();
        EchoJob job = new EchoJob(false);
        CampaignSummary s = new FaultCampaign(SETTINGS, lines::add).run(job);
        assertEquals(40, s.hostToBoardBytes(), "measured by the fault-free run");
        assertEquals(40, s.boardToHostBytes());
        assertTrue(s.injected() >= 60, "ran until 60 faults fired: " + s.injected());
        assertEquals(
                s.runs().size() + 1,
                job.restores,
                "each run, and the fault-free one, starts restored");
        int tallied =
                s.byKind().values().stream()
                        .flatMap(m -> m.values().stream())
                        .mapToInt(Integer::intValue)
                        .sum();
        assertEquals(s.injected(), tallied);
        int byOutcome = Arrays.stream(Outcome.values()).mapToInt(s::count).sum();
        assertEquals(s.runs().size(), byOutcome);
        for (RunResult r : s.runs()) {
            assertTrue(r.planned().containsAll(r.injected()));
            assertTrue(r.planned().size() >= 1 && r.planned().size() <= 3);
            for (Fault f : r.planned()) {
                assertTrue(f.offset() < 40, f.describe());
            }
            // the naive echo job: a run without corruption, drop, duplicate or reset is correct
            if (r.injected().isEmpty()) {
                assertEquals(Outcome.CORRECT, r.outcome());
            }
            if (r.injected().stream().allMatch(f -> f.kind() == FaultKind.CORRUPT)
                    && !r.injected().isEmpty()) {
                assertEquals(
                        Outcome.WRONG_ACCEPTED,
                        r.outcome(),
                        "a corrupted echo is accepted by the naive job");
            }
        }
        assertEquals(s.runs().size() + 1, lines.size(), "one line per run after the span line");
        assertTrue(s.count(Outcome.WRONG_ACCEPTED) > 0);
        assertTrue(
                s.text().contains(s.count(Outcome.WRONG_ACCEPTED) + " WRONG RESULTS ACCEPTED"),
                s.text());
        assertTrue(s.text().contains("wrong accepted in run"), s.text());
    }

    @Test
    void theSameSeedReplaysTheSameFaultsAndOutcomes() throws Exception {
        CampaignSummary a = new FaultCampaign(SETTINGS, l -> {}).run(new EchoJob(true));
        CampaignSummary b = new FaultCampaign(SETTINGS, l -> {}).run(new EchoJob(true));
        assertEquals(
                a.runs().stream().map(RunResult::injected).toList(),
                b.runs().stream().map(RunResult::injected).toList());
        assertEquals(
                a.runs().stream().map(RunResult::outcome).toList(),
                b.runs().stream().map(RunResult::outcome).toList());
        assertEquals(
                0,
                a.count(Outcome.WRONG_ACCEPTED),
                "the checking job turns every corruption into an error");
        assertEquals(a.count(Outcome.CLEAR_ERROR) + a.count(Outcome.CORRECT), a.runs().size());
    }

    @Test
    void summaryJsonCountsByKindDirectionAndOutcome() throws Exception {
        CampaignSummary s = new FaultCampaign(SETTINGS, l -> {}).run(new EchoJob(false));
        Map<String, Object> json = s.toJson();
        assertEquals("echo", json.get("protocol"));
        assertEquals(s.injected(), json.get("faults_injected"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Integer>> kinds =
                (Map<String, Map<String, Integer>>) json.get("faults_by_kind");
        assertEquals(
                s.byKind().get(FaultKind.DROP).get(Direction.BOARD_TO_HOST),
                kinds.get("drop").get("board_to_host"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> outcomes =
                (Map<String, Map<String, Object>>) json.get("outcomes");
        assertEquals(s.count(Outcome.WRONG_ACCEPTED), outcomes.get("wrong_accepted").get("runs"));
        assertEquals(
                s.runs().size() - s.count(Outcome.CORRECT),
                ((List<?>) json.get("runs_not_correct")).size());
    }

    @Test
    void aFaultFreeRunThatIsNotCorrectStopsTheCampaign() {
        EchoJob broken =
                new EchoJob(true) {
                    @Override
                    public Verdict run(SerialLink link) {
                        return new Verdict(Outcome.CLEAR_ERROR, "echo0: board is dead");
                    }
                };
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () -> new FaultCampaign(SETTINGS, l -> {}).run(broken));
        assertTrue(
                e.getMessage().contains("the fault-free echo run did not finish correctly"),
                e.getMessage());
    }

    @Test
    void badSettingsAreRefusedWithTheOptionName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CampaignSettings.of(0, 1));
        assertTrue(e.getMessage().contains("--faults 0"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new CampaignSettings(5, 1, 0, SETTINGS.kinds(), 10));
        assertThrows(
                IllegalArgumentException.class,
                () -> new CampaignSettings(5, 1, 2, EnumSet.noneOf(FaultKind.class), 10));
    }
}
