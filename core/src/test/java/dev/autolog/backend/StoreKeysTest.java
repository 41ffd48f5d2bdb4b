package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StoreKeysTest {
    /** MLflow's own rule for run ids, as its file store checks them. */
    private static final Pattern MLFLOW_RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-]{0,255}");

    @Test
    void anIdIsValidExactlyWhenMlflowsRunIdRuleAcceptsIt() {
        List<String> ids = new ArrayList<>(List.of("", "a", "0", "_a", "-a", "a_b-C9", "m-0123456789abcdef", "a b",
                "a/b", "a.b", "é", "aé", "a\n", "Z".repeat(256), "Z".repeat(257), "a" + "-".repeat(255),
                "\u0661\u0662"));
        Random random = new Random(7);
        String alphabet = "aZ09_-./ é\u0661";
        for (int i = 0; i < 2000; i++) {
            StringBuilder id = new StringBuilder();
            for (int n = random.nextInt(6); n > 0; n--) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            ids.add(id.toString());
        }
        for (String id : ids) {
            assertEquals(MLFLOW_RUN_ID.matcher(id).matches(), StoreKeys.isValidId(id), id);
        }
        assertEquals(false, StoreKeys.isValidId(null));
    }
}
