package org.tinyprune.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BenchmarkIdTest {
    @Test
    void parsesTheFourIdsAsTheBoardPrintsThem() {
        for (String id : new String[] {"kws01", "ic01", "vww01", "ad01"}) {
            assertEquals(id, BenchmarkId.parse(id, "--benchmark-id").id());
        }
        assertEquals("-DTP_BENCHMARK_ID=vww01", BenchmarkId.VWW01.define());
    }

    @Test
    void anythingElseIsRefusedNamingTheFlagAndTheChoices() {
        for (String bad : new String[] {"IC01", "ic02", "", "ic01 ", "ic01;rm", "$(ic01)"}) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> BenchmarkId.parse(bad, "--benchmark-id"));
            assertEquals(
                    "--benchmark-id '"
                            + bad
                            + "' is not an MLPerf Tiny benchmark id; choose one of "
                            + "kws01, ic01, vww01, ad01",
                    e.getMessage());
        }
    }

    @Test
    void theDatasetChoosesTheDefault() {
        assertEquals(
                BenchmarkId.KWS01,
                BenchmarkId.forDataset("wav-folder /data/speech train 100 crc32 1"));
        assertEquals(
                BenchmarkId.IC01,
                BenchmarkId.forDataset("fashion-mnist /usr/share train 60000 crc32 2"));
        assertEquals(BenchmarkId.IC01, BenchmarkId.forDataset("cifar10"));
        assertEquals(BenchmarkId.IC01, BenchmarkId.forDataset(null));
    }
}
