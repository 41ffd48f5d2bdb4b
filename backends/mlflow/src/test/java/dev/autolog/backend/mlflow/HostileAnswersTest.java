package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer.Fault;
import dev.autolog.backend.mlflow.testserver.MlflowState;
import dev.autolog.logging.Said;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server (or what stands in its place) that answers 200 with something other than MLflow's answer: text that is
 * not JSON, an empty body, or JSON whose ids are missing, empty or of the wrong type.
 */
class HostileAnswersTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "s3cr3tToken42";

    @TempDir
    Path spool;

    private MlflowSettings settings(FakeMlflowServer server) {
        URI uri = URI.create(server.uri());
        return new MlflowSettings(uri, Credentials.from(uri, Map.of("MLFLOW_TRACKING_TOKEN", TOKEN)), Tls.DEFAULT,
                Duration.ofSeconds(5), spool, Duration.ofSeconds(1));
    }

    /** Jackson's own message quoted the answer, here the request's headers a proxy echoed, token and all. */
    @Test
    void anAnswerThatIsNotJsonIsNamedWithoutQuotingItsTokenOrItsHeaders() throws Exception {
        try (FakeMlflowServer server = FakeMlflowServer.start(true);
             MlflowClient client = new MlflowClient(settings(server))) {
            server.inject(Fault.body("get-by-name", 200, "{oops Authorization: Bearer " + TOKEN + "\r\nHost: x"));
            server.inject(Fault.body("get-by-name", 200, TOKEN + " and more"));

            MlflowError echoed = assertThrows(MlflowError.class, () -> client.existingExperimentId("e"));
            MlflowError bare = assertThrows(MlflowError.class, () -> client.existingExperimentId("e"));

            String where = "GET /api/2.0/mlflow/experiments/get-by-name on " + server.uri() + ": HTTP 200 with an answer"
                    + " that is not JSON (";
            assertEquals(where + "Unexpected character ('o' (code 111)): was expecting double-quote to start field"
                    + " name)", echoed.getMessage());
            assertEquals(where + "Unrecognized token '***': was expecting (JSON String, Number, Array, Object or"
                    + " token 'null', 'true' or 'false'))", bare.getMessage());
            assertTrue(echoed.isTransient());
        }
    }

    @Test
    void aRunCreationAnswerWithoutAUsableRunIdIsRefusedNamingWhatWasWrong() throws Exception {
        try (FakeMlflowServer server = FakeMlflowServer.start(true);
             MlflowClient client = new MlflowClient(settings(server))) {
            List<String> answers = List.of("", "{}", "{\"run\":{\"info\":{\"run_id\":{\"a\":1}}}}",
                    "{\"run\":{\"info\":{\"run_id\":\"\"}}}", "{\"run\":{\"info\":{\"run_id\":\"a/../b\"}}}");
            List<String> messages = new ArrayList<>();
            for (String answer : answers) {
                server.inject(Fault.body("runs/create", 200, answer));
                MlflowError e = assertThrows(MlflowError.class, () -> client.createRun("0", "r", 1L, "bob", Map.of()));
                assertFalse(e.isTransient(), e.getMessage());
                messages.add(e.getMessage());
            }
            String where = "POST /api/2.0/mlflow/runs/create on " + server.uri() + ": the answer has no usable run_id (";
            String accepted = "; accepted: 1 to 100 letters, digits, '_' or '-'); it is not MLflow's answer";
            assertEquals(List.of(where + "none" + accepted, where + "none" + accepted, where + "a JSON object" + accepted,
                    where + "empty" + accepted, where + "other text" + accepted), messages);
            server.inject(Fault.body("runs/create", 200, "{\"run\":{\"info\":{\"run_id\":12}}}"));
            assertEquals("12", client.createRun("0", "r", 1L, "bob", Map.of()).runId());
        }
    }

    /**
     * An empty 200 to runs/create was taken as the run's creation with id "": the sync state recorded it, the run's
     * points went to run "" (404), the run was given up as deleted, and nothing, not even sync, ever sent it again.
     */
    @Test
    void aRunWhoseCreationWasAnsweredWithoutAnIdIsSentWholeByTheNextStart() throws Exception {
        try (FakeMlflowServer server = FakeMlflowServer.start(true)) {
            server.inject(Fault.body("runs/create", 200, ""));
            List<Metric> points = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                points.add(new Metric("loss", i, 1_700_000_001_000L + i, i));
            }
            String said = Said.text(() -> {
                MlflowBackend first = new MlflowBackend(settings(server), Backoff.standard());
                first.createRun(new NewRun(RUN, "Default", "r", 1_700_000_000_000L, "alice", Map.of()));
                first.logBatch(RUN, points, List.of(), List.of());
                first.endRun(RUN, RunStatus.FINISHED, 1_700_000_009_000L);
                first.flush();
                first.close();
            });
            assertTrue(said.contains("cannot send run " + RUN + " to " + server.uri() + ": POST /api/2.0/mlflow/runs/create"
                    + " on " + server.uri() + ": the answer has no usable run_id (none;"), said);
            assertEquals(List.of(), server.state().runs());

            try (MlflowBackend second = new MlflowBackend(settings(server), Backoff.standard())) {
                second.flush();
            }
            List<MlflowState.Run> runs = server.state().runs();
            assertEquals(1, runs.size());
            assertEquals(50, runs.get(0).metrics().get("loss").size());
            assertEquals("FINISHED", runs.get(0).status);
        }
    }
}
