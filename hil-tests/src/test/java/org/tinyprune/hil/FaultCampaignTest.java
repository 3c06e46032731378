package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tinyprune.build.Firmware;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.fault.Direction;
import org.tinyprune.link.fault.Fault;
import org.tinyprune.link.fault.FaultKind;
import org.tinyprune.link.fault.FaultPlan;
import org.tinyprune.link.fault.FaultyLink;
import org.tinyprune.link.fault.campaign.An3155Job;
import org.tinyprune.link.fault.campaign.BenchmarkJob;
import org.tinyprune.link.fault.campaign.CampaignJob;
import org.tinyprune.link.fault.campaign.CampaignSettings;
import org.tinyprune.link.fault.campaign.CampaignSummary;
import org.tinyprune.link.fault.campaign.FaultCampaign;
import org.tinyprune.link.fault.campaign.Outcome;
import org.tinyprune.link.fault.campaign.Verdict;
import org.tinyprune.link.qemu.EmulatedBoard;

/**
 * Short fault campaigns on the emulated board (the long ones are {@code tinyprune bench faults}):
 * seeded drops, corruptions, duplicates, delays and resets in both directions while flashing the
 * fixture firmware, and while measuring it, each run judged against a clean-link reference. No run
 * may accept a wrong result, and every failure must be a clear error naming the link.
 */
@ExtendWith(BoardExtension.class)
class FaultCampaignTest {
    static final CampaignSettings SHORT =
            new CampaignSettings(
                    30,
                    15,
                    5,
                    EnumSet.of(
                            FaultKind.DROP,
                            FaultKind.CORRUPT,
                            FaultKind.DUPLICATE,
                            FaultKind.DELAY,
                            FaultKind.RESET),
                    1200);
    static Firmware fixture;
    static FirmwareImage image;

    @BeforeAll
    static void buildFixture() throws Exception {
        Assumptions.assumeTrue(
                BoardUnderTest.current().isEmulated(),
                "fault campaigns reset the board through QEMU; skipped on a real board");
        fixture =
                BoardUnderTest.firmware(null, Path.of("target", "hil", "fixture").toAbsolutePath());
        image = FirmwareImage.fromElf(fixture.elf());
    }

    /** Leaves the shared session as other classes expect it: the fixture flashed and running. */
    @AfterAll
    static void flashFixtureAgain() throws Exception {
        if (fixture != null) {
            emulator().reset();
            BoardUnderTest.current().flash(fixture.elf());
        }
    }

    private static EmulatedBoard emulator() {
        return BoardUnderTest.current().emulator().orElseThrow();
    }

    private static CampaignSummary campaign(CampaignJob job) throws Exception {
        CampaignSummary s = new FaultCampaign(SHORT, line -> System.out.println(line)).run(job);
        System.out.print(s.text());
        assertTrue(s.injected() >= SHORT.faults(), s.text());
        return s;
    }

    @Test
    void flashingUnderFaultsNeverAcceptsAWrongImage() throws Exception {
        CampaignSummary s = campaign(new An3155Job(emulator(), image));
        assertEquals(0, s.count(Outcome.WRONG_ACCEPTED), s.text());
        assertEquals(0, s.count(Outcome.INTERNAL_ERROR), s.text());
        assertEquals(0, s.count(Outcome.UNCLEAR_ERROR), s.text());
    }

    /**
     * Go's last answer (the ACK after its address) lost or garbled: the bootloader has jumped, so
     * re-synchronising and sending Go again cannot work; the flash must still count as done, and
     * the firmware must still answer.
     */
    @Test
    void lostOrGarbledAnswerToGoStillEndsInARunningImage() throws Exception {
        An3155Job job = new An3155Job(emulator(), image);
        job.prepare();
        job.restore();
        FaultyLink counting = new FaultyLink(job.link(), FaultPlan.NONE, job.reset());
        assertEquals(Outcome.CORRECT, job.run(counting).outcome());
        long goAck = counting.boardToHostBytes() - 1; // the last byte the flasher reads
        for (Fault f :
                new Fault[] {
                    Fault.of(FaultKind.DROP, Direction.BOARD_TO_HOST, goAck),
                    new Fault(FaultKind.CORRUPT, Direction.BOARD_TO_HOST, goAck, 0x40)
                }) {
            job.restore();
            FaultyLink link = new FaultyLink(job.link(), FaultPlan.of(f), job.reset());
            Verdict v = job.run(link);
            assertEquals(List.of(f), link.injected());
            assertEquals(Outcome.CORRECT, v.outcome(), f.describe() + ": " + v.detail());
        }
    }

    @Test
    void measuringUnderFaultsNeverAcceptsAWrongResult() throws Exception {
        CampaignSummary s = campaign(new BenchmarkJob(emulator(), image, 15, 3000));
        assertEquals(0, s.count(Outcome.WRONG_ACCEPTED), s.text());
        assertEquals(0, s.count(Outcome.INTERNAL_ERROR), s.text());
    }
}
