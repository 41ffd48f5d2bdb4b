package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key a user or framework gives is stored, under a key MLflow accepts, and never shares it with another. */
class KeyMappingTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    /** MLflow's {@code ^[/\w.\- :]*$} narrowed to what this store keeps: letters, decimal digits, _ - . space /. */
    private static final Pattern MLFLOW_CHARS = Pattern.compile("[\\p{L}\\p{Nd}_\\-. /]+");
    private static final String LONG = "k".repeat(300);
    /** 28 keys MLflow rejects as they are, and the key each is stored under. */
    private static final Map<String, String> MAPPED = new LinkedHashMap<>();

    static {
        MAPPED.put("f1(macro)", "f1_macro_");
        MAPPED.put("a;b", "a_b");
        MAPPED.put("back\\slash", "back_slash");
        MAPPED.put("m²", "m_");
        MAPPED.put("loss[0]", "loss_0_");
        MAPPED.put("p@k", "p_k");
        MAPPED.put("x=1", "x_1");
        MAPPED.put("a,b", MlflowKeys.withSuffix("a,b", 0)); // "a_b" is taken by "a;b"
        MAPPED.put("50%", "50_");
        MAPPED.put("we$ird", "we_ird");
        MAPPED.put("new\nline", "new_line");
        MAPPED.put("tab\there", "tab_here");
        MAPPED.put("time:ms", "time_ms");
        MAPPED.put("q?", "q_");
        MAPPED.put("star*", "star_");
        MAPPED.put("<tag>", "_tag_");
        MAPPED.put("pipe|", "pipe_");
        MAPPED.put("quote\"", "quote_");
        MAPPED.put("emoji😀", "emoji_");
        MAPPED.put("/abs", "_/abs");
        MAPPED.put("a//b", "a/_/b");
        MAPPED.put("a/../b", "a/__/b");
        MAPPED.put("..", "__");
        MAPPED.put("trailing/", "trailing/_");
        MAPPED.put("./x", "_/x");
        MAPPED.put("nbsp\u00a0x", "nbsp_x");
        MAPPED.put(LONG, "k".repeat(250));
        MAPPED.put("", MlflowKeys.withSuffix("", 0)); // "_" is a folder of the two keys above: no file "_" beside it
    }

    @TempDir
    Path tmp;

    private LocalStore store() throws IOException {
        LocalStore store = new LocalStore(tmp.resolve("mlruns"));
        if (!Files.exists(runDir())) {
            store.createRun(new NewRun(RUN, null, "r", 1L, "alice", Map.of()));
        }
        return store;
    }

    private Path runDir() {
        return tmp.resolve("mlruns/0").resolve(RUN);
    }

    private String renamedTag() throws IOException {
        return Files.readString(runDir().resolve("tags/autolog.renamed"), StandardCharsets.UTF_8);
    }

    @Test
    void everyKeyMlflowRejectsIsStoredUnderAnAcceptedKeyWithItsValueAndListedInTheRenamedTag() throws IOException {
        LocalStore store = store();
        List<Metric> metrics = new ArrayList<>();
        List<Param> params = new ArrayList<>();
        List<Tag> tags = new ArrayList<>();
        int i = 0;
        for (String key : MAPPED.keySet()) {
            metrics.add(new Metric(key, i, 10, 0));
            metrics.add(new Metric(key, i + 0.5, 11, 1));
            params.add(new Param(key, "p" + i));
            tags.add(new Tag(key, "t" + i));
            i++;
        }
        store.logBatch(RUN, metrics, params, tags);

        LocalStoreReader reader = new LocalStoreReader(tmp.resolve("mlruns"));
        Map<String, List<Metric>> stored = reader.metrics(RUN);
        i = 0;
        for (Map.Entry<String, String> e : MAPPED.entrySet()) {
            String key = e.getValue();
            assertEquals(List.of(i + 0.0, i + 0.5), stored.getOrDefault(key, List.of()).stream().map(Metric::value)
                    .toList(), key + " in " + stored.keySet() + "\n" + renamedTag());
            assertEquals("p" + i, reader.params(RUN).get(key), key);
            assertEquals("t" + i, reader.tags(RUN).get(key), key);
            assertTrue(MLFLOW_CHARS.matcher(key).matches() && key.length() <= 250, key);
            i++;
        }
        assertEquals(MAPPED.size(), stored.size());
        List<String> lines = renamedTag().lines().toList();
        assertEquals(MAPPED.size(), lines.size());
        assertEquals("f1(macro) \u2192 f1_macro_", lines.get(0));
        assertEquals("back\\\\slash \u2192 back_slash", lines.get(2));
        assertEquals("new\\u000aline \u2192 new_line", lines.get(10));
        assertEquals(" \u2192 __" + sha256Prefix(""), lines.get(27));
    }

    @Test
    void twoKeysThatMapToOneNameStayApartAndEachKeepsItsNameInLaterBatchesAndOtherStoreInstances()
            throws IOException {
        store().logBatch(RUN, List.of(new Metric("f1(macro)", 1, 1, 0), new Metric("f1)macro(", 2, 1, 0),
                new Metric("f1_macro_", 3, 1, 0)), List.of(), List.of());
        LocalStore other = new LocalStore(tmp.resolve("mlruns"));
        other.logBatch(RUN, List.of(new Metric("f1_macro_", 30, 2, 1), new Metric("f1)macro(", 20, 2, 1),
                new Metric("f1(macro)", 10, 2, 1)), List.of(), List.of());

        Map<String, List<Metric>> stored = new LocalStoreReader(tmp.resolve("mlruns")).metrics(RUN);
        assertEquals(3, stored.size(), stored::toString);
        Map<Double, List<Double>> series = new LinkedHashMap<>();
        stored.values().forEach(points -> series.put(points.get(0).value(), points.stream().map(Metric::value).toList()));
        assertEquals(Map.of(1.0, List.of(1.0, 10.0), 2.0, List.of(2.0, 20.0), 3.0, List.of(3.0, 30.0)), series);
        assertEquals(List.of(3.0, 30.0), stored.get("f1_macro_").stream().map(Metric::value).toList(),
                "a key MLflow accepts keeps its name when it comes in the same batch as one mapped to it");
        String suffixed = MlflowKeys.withSuffix("f1(macro)", 0);
        assertTrue(suffixed.matches("f1_macro__[0-9a-f]{8}"), suffixed);
        assertEquals(List.of(1.0, 10.0), stored.get(suffixed).stream().map(Metric::value).toList());
        assertEquals(List.of("f1(macro) \u2192 " + suffixed, "f1)macro( \u2192 " + MlflowKeys.withSuffix("f1)macro(", 0)),
                renamedTag().lines().toList());
    }

    @Test
    void aKeyMlflowAcceptsThatComesAfterAMappedKeyTookItsNameGetsTheSuffixInstead() throws IOException {
        LocalStore store = store();
        store.logBatch(RUN, List.of(), List.of(new Param("lr(init)", "0.1")), List.of());
        store.logBatch(RUN, List.of(new Metric("lr_init_", 5, 1, 0)), List.of(new Param("lr_init_", "0.2")), List.of());

        LocalStoreReader reader = new LocalStoreReader(tmp.resolve("mlruns"));
        String moved = MlflowKeys.withSuffix("lr_init_", 0);
        assertEquals(Map.of("lr_init_", "0.1", moved, "0.2"), reader.params(RUN));
        assertEquals(Set.of(moved), reader.metrics(RUN).keySet(), "params, metrics and tags share one mapping");
        assertEquals(List.of("lr(init) \u2192 lr_init_", "lr_init_ \u2192 " + moved), renamedTag().lines().toList());
    }

    @Test
    void aKeyBesideAFolderOfOtherKeysIsMovedAsideInsteadOfFailing() throws IOException {
        LocalStore store = store();
        store.logBatch(RUN, List.of(new Metric("loss", 1, 1, 0)), List.of(), List.of());
        store.logBatch(RUN, List.of(new Metric("loss/train", 2, 1, 0), new Metric("loss", 3, 1, 1)), List.of(),
                List.of());
        Map<String, List<Metric>> stored = new LocalStoreReader(tmp.resolve("mlruns")).metrics(RUN);
        String moved = MlflowKeys.withSuffix("loss/train", 1);
        assertEquals(Map.of("loss", List.of(1.0, 3.0), moved, List.of(2.0)), valuesByKey(stored));
        assertEquals(List.of("loss/train \u2192 " + moved), renamedTag().lines().toList());
    }

    private static Map<String, List<Double>> valuesByKey(Map<String, List<Metric>> metrics) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        metrics.forEach((k, points) -> out.put(k, points.stream().map(Metric::value).toList()));
        return out;
    }

    @Test
    void unicodeLettersAndDigitsAreKeptAndLabelsThatDifferOnlyThereStayThreeSeries() throws IOException {
        store().logBatch(RUN, List.of(new Metric("f1_猫", 0.5, 1, 0), new Metric("f1_犬", 0.25, 1, 0),
                new Metric("f1_鳥", 0.125, 1, 0), new Metric("précision_٣", 1, 1, 0)), List.of(), List.of());
        assertEquals(Set.of("f1_猫", "f1_犬", "f1_鳥", "précision_٣"),
                new LocalStoreReader(tmp.resolve("mlruns")).metrics(RUN).keySet());
        assertFalse(Files.exists(runDir().resolve("tags/autolog.renamed")), "nothing was renamed");
    }

    @Test
    void overLongKeysAreCutTo250CharsAndTwoWithOnePrefixStayApart() throws IOException {
        String a = "x".repeat(260) + "a";
        String b = "x".repeat(260) + "b";
        store().logBatch(RUN, List.of(new Metric(a, 1, 1, 0), new Metric(b, 2, 1, 0)), List.of(), List.of());
        Map<String, List<Metric>> stored = new LocalStoreReader(tmp.resolve("mlruns")).metrics(RUN);
        assertEquals(Set.of("x".repeat(250), MlflowKeys.withSuffix(b, 0)), stored.keySet());
        assertEquals(250, MlflowKeys.withSuffix(b, 0).length());
    }

    @Test
    void aPartLongerThanAFileNameIsCutToWholeCharactersWithin255Bytes() {
        String key = "猫".repeat(100) + "/loss";
        String stored = MlflowKeys.accepted(key);
        assertEquals("猫".repeat(85) + "/loss", stored);
        assertTrue(stored.split("/")[0].getBytes(StandardCharsets.UTF_8).length <= 255);
    }

    @Test
    void theMappingIsAFunctionOfTheKeyAloneWithAStableSuffix() {
        assertEquals(MlflowKeys.withSuffix("f1(macro)", 0), MlflowKeys.withSuffix("f1(macro)", 0));
        assertNotEquals(MlflowKeys.withSuffix("f1(macro)", 0), MlflowKeys.withSuffix("f1(macro)", 1));
        // SHA-256("f1(macro)") starts with these 8 hex digits in every JVM
        assertEquals("f1_macro__" + sha256Prefix("f1(macro)"), MlflowKeys.withSuffix("f1(macro)", 0));
        Set<String> accepted = new HashSet<>();
        for (String key : List.of("a", "A-b_c.d e/f", "snake_case", "train-logloss", "tree_oob_accuracy", "a/b/c")) {
            assertEquals(key, MlflowKeys.accepted(key), "accepted as it is");
            accepted.add(key);
        }
        assertEquals(6, accepted.size());
    }

    @Test
    void whatCannotBeStoredIsCountedExactlyAndTheRestOfTheBatchIsWritten() throws IOException {
        LocalStore store = store();
        store.logBatch(RUN, List.of(), List.of(new Param("depth", "3")), List.of());
        Files.createSymbolicLink(runDir().resolve("metrics/blocked"), Path.of("/dev/full")); // refused: a planted link

        ValuesNotStoredException e = assertThrows(ValuesNotStoredException.class, () -> store.logBatch(RUN,
                List.of(new Metric("blocked", 1, 1, 0), new Metric("blocked", 2, 1, 1), new Metric("ok", 3, 1, 0)),
                List.of(new Param("depth", "4"), new Param("eta", "0.3")), List.of(new Tag("t", "v"))));
        assertEquals(3, e.values(), "two points of 'blocked' and the conflicting param");
        assertEquals(1, e.getSuppressed().length);
        assertTrue(e.getMessage().contains("metrics/blocked"), e.getMessage());
        LocalStoreReader reader = new LocalStoreReader(tmp.resolve("mlruns"));
        assertEquals(1, reader.metrics(RUN).get("ok").size());
        assertEquals("0.3", reader.params(RUN).get("eta"));
        assertEquals("v", reader.tags(RUN).get("t"));
    }

    private static String sha256Prefix(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d).substring(0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
