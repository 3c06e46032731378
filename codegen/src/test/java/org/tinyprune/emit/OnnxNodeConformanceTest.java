package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tinyprune.emit.OnnxNodeCase.Outcome;
import org.tinyprune.emit.OnnxNodeCase.Verdict;

/**
 * The ONNX backend node tests of the operators tinyprune claims (committed under {@code
 * src/test/resources/onnx-node}, refreshed by {@code scripts/onnx-node-tests.sh select}), each
 * imported, generated, built with the host compiler and compared with its expected output (see
 * {@link OnnxNodeCase}). Prints a per-operator table (op, cases, pass, refused, fail) and writes it
 * with every refusal and failure to {@code target/onnx-node-tests.md}.
 *
 * <p>A failure is a wrong value or an unclear error, and there must be none: tinyprune refuses what
 * it cannot do and never generates code that computes something else. Pass counts grow as operators
 * are added; {@link #MIN_PASS} only guards against losing passes that once worked.
 *
 * <p>Re-run: {@code mvn -B -ntp -o -q -pl codegen test -Dtest=OnnxNodeConformanceTest}.
 */
class OnnxNodeConformanceTest {
    private static final Path CASES = Paths.get("src", "test", "resources", "onnx-node");
    private static final Path REPORT = Paths.get("target", "onnx-node-tests.md");

    /** Cases passing when this floor was last raised; raise it when operators land. */
    private static final int MIN_PASS = 118;

    @Test
    void nodeTestsPassOrAreRefusedNeverWrong() throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (String line : Files.readAllLines(CASES.resolve("cases.tsv"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            outcomes.add(OnnxNodeCase.run(CASES.resolve(f[0]), f[1]));
        }
        String report = report(outcomes);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, report, StandardCharsets.UTF_8);
        System.out.println(report);
        List<Outcome> failed = outcomes.stream().filter(o -> o.verdict() == Verdict.FAIL).toList();
        assertEquals(List.of(), failed, "node test cases with a wrong value or an unclear error");
        long pass = outcomes.stream().filter(o -> o.verdict() == Verdict.PASS).count();
        assertTrue(
                pass >= MIN_PASS,
                pass + " cases pass, fewer than the " + MIN_PASS + " that passed before");
    }

    /** The markdown table (per operator and total) followed by every case that did not pass. */
    static String report(List<Outcome> outcomes) {
        Map<String, int[]> byOp = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int[] total = new int[5];
        for (Outcome o : outcomes) {
            int[] row = byOp.computeIfAbsent(o.op(), k -> new int[5]);
            for (int[] r : List.of(row, total)) {
                r[0]++;
                r[1 + o.verdict().ordinal()]++;
                r[4] += o.offByOne();
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("| op | cases | pass | refused | fail | int8 elements off by one step |\n");
        s.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        byOp.forEach((op, r) -> s.append(row(op, r)));
        s.append(row("**all**", total));
        s.append(
                String.format(
                        "%nPass rate: %d of %d (%.1f %%); refused %d; fail %d.%n",
                        total[1],
                        total[0],
                        100.0 * total[1] / Math.max(1, total[0]),
                        total[2],
                        total[3]));
        s.append("\n| case | op | verdict | detail |\n| --- | --- | --- | --- |\n");
        for (Outcome o : outcomes) {
            if (o.verdict() != Verdict.PASS || o.offByOne() > 0) {
                s.append("| ")
                        .append(o.name())
                        .append(" | ")
                        .append(o.op())
                        .append(" | ")
                        .append(o.verdict())
                        .append(" | ")
                        .append(o.detail().replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        return s.toString();
    }

    private static String row(String op, int[] r) {
        return "| " + op + " | " + r[0] + " | " + r[1] + " | " + r[2] + " | " + r[3] + " | " + r[4]
                + " |\n";
    }
}
