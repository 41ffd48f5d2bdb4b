package dev.autolog.bench;

import dev.autolog.ActiveRun;
import dev.autolog.Autolog;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import dev.autolog.backend.mlflow.testserver.MlflowState;
import dev.autolog.backend.mlflow.testserver.ServerCosts;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mlflow.tracking.MlflowClient;

/**
 * Metric points per second from one thread into a loopback MLflow-speaking server, alternating in rounds in one JVM
 * against one server: (a) our backend, from {@code Autolog.startRun} to {@code Autolog.flush()} returning (which
 * waits for the server), points counted on the server: in this JVM (warm after round 0), or for a cold burst in a
 * fresh JVM with the agent per round ({@link MlflowBurst}), as a short job pays it, also timed from the JVM's launch
 * to {@code flush()} less what a JVM without the agent takes from launch to {@code main} (measured in the same
 * round), so what the agent does before {@code main} counts too; (b) the server's ceiling for the same points, a bare client
 * posting well-formed 1000-point {@code log-batch} requests, four in flight, into a run created beforehand; and with
 * the fast server (c) the official {@code org.mlflow:mlflow-client} logging each point with {@code logMetric}, as its
 * users do. The server is either the fast in-process one or one that answers as slowly as {@code mlflow server} on
 * SQLite ({@link ServerCosts#REAL_SERVER}); the shape is a burst (20,000 points) or sustained (500,000). Prints each
 * round (with when the backend's requests were answered, for the burst) and the medians; the ratios are medians of
 * the rounds' own ratios (each round's figures share the machine's state of the moment).
 *
 * <p>Arguments: {@code [fast|real] [burst|cold-burst|sustained] [rounds] [points]}.
 */
public final class MlflowThroughputBench {
    private static final int IN_FLIGHT = 4;
    /**
     * System property: when true, each burst round also prints every request's arrival and answer at the server and
     * the server's idle time, and each cold burst which threads of the child JVM used the CPU when.
     */
    static final String TIMELINE = "autolog.bench.timeline";
    private static final boolean DETAIL = Boolean.getBoolean(TIMELINE);
    /** System property: more JVM options for each cold burst's child JVM, {@code {round}} replaced by the round. */
    static final String CHILD_JVM_ARGS = "autolog.bench.child.jvm.args";
    /**
     * System property: another agent jar for the cold burst, run in each round beside {@link ChildJvm#AGENT} (which
     * goes first alternates) and measured against the same ceiling, so both share the machine's state of the moment.
     */
    static final String COMPARE_AGENT = "autolog.bench.compare.agent";
    /** System property: when true, each cold-burst round also runs {@link BareColdBurst}, the floor of a fresh JVM. */
    static final String COLD_FLOOR = "autolog.bench.cold.floor";
    /** Wall-clock start of the last backend round, for the timeline of its requests. */
    private static long startMillis;
    /** Of the last cold burst: seconds from the JVM's launch to flush(), less a bare JVM's launch to main. */
    private static double wholeJobSeconds;
    /** Of the last cold burst: milliseconds from the JVM's launch to startRun. */
    private static long launchToStartRun;

    public static void main(String[] args) throws Exception {
        boolean real = args.length > 0 && args[0].equals("real");
        boolean cold = args.length > 1 && args[1].equals("cold-burst");
        boolean burst = cold || args.length > 1 && args[1].equals("burst");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : burst ? 15 : 5;
        int points = args.length > 3 ? Integer.parseInt(args[3]) : burst ? 20_000 : 500_000;
        int officialPoints = real ? 0 : Math.min(points, 5_000); // one point per request: minutes with real costs
        String shape = (real ? "real-server" : "fast") + " mode, " + (cold ? "cold burst" : burst ? "burst" : "sustained");
        try (FakeMlflowServer server = FakeMlflowServer.start(true, real ? ServerCosts.REAL_SERVER : ServerCosts.FAST)) {
            System.setProperty("autolog.tracking.uri", server.uri());
            System.setProperty("autolog.mlflow.spool.dir", ChildJvm.tempStore());
            System.setProperty("autolog.flush.timeout", "10m");
            System.setProperty("autolog.queue.capacity", "100000000");
            List<Double> official = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            List<Double> ceiling = new ArrayList<>();
            List<Double> ofCeiling = new ArrayList<>();
            List<Double> overOfficial = new ArrayList<>();
            List<Double> wholeJobOfCeiling = new ArrayList<>();
            String compareAgent = cold ? System.getProperty(COMPARE_AGENT) : null;
            List<Double> otherOfCeiling = new ArrayList<>();
            boolean floor = cold && Boolean.getBoolean(COLD_FLOOR);
            List<Double> floorOfCeiling = new ArrayList<>();
            for (int r = 0; r <= rounds; r++) { // round 0 warms up all of them
                double o = officialPoints == 0 ? Double.NaN : official(server, officialPoints);
                double other = compareAgent != null && r % 2 == 1 ? coldBurst(server, points, r, Path.of(compareAgent))
                        : Double.NaN;
                int before = server.requests().size();
                double a = cold ? coldBurst(server, points, r, ChildJvm.AGENT) : autolog(server, points, r);
                double whole = cold ? points / wholeJobSeconds : Double.NaN;
                long ourStartRun = launchToStartRun;
                List<FakeMlflowServer.Request> requests = server.requests();
                String timeline = burst ? timeline(requests.subList(before, requests.size()), startMillis) : "";
                if (burst && DETAIL) {
                    requestTimeline(requests.subList(before, requests.size()), startMillis);
                }
                if (compareAgent != null && r % 2 == 0) {
                    other = coldBurst(server, points, r, Path.of(compareAgent));
                }
                double f = floor ? bareColdBurst(server, points, r) : Double.NaN;
                double c = ceiling(server, points);
                if (floor) {
                    System.out.printf(Locale.ROOT, "round %d: bare cold client %.0f points/s (%.0f %%)%n", r, f,
                            100 * f / c);
                }
                System.out.printf(Locale.ROOT, "round %d: autolog %.0f points/s, ceiling %.0f points/s (%.0f %%)%s%s%s%n",
                        r, a, c, 100 * a / c, cold ? String.format(Locale.ROOT, "; from the JVM's launch %.0f points/s"
                                + " (%.0f %%; startRun at launch+%d ms)", whole, 100 * whole / c, ourStartRun) : "", officialPoints == 0 ? ""
                                : String.format(Locale.ROOT, ", official client %.0f points/s", o), timeline);
                if (compareAgent != null) {
                    System.out.printf(Locale.ROOT, "round %d: %s %.0f points/s (%.0f %%)%n", r, compareAgent, other,
                            100 * other / c);
                }
                if (r > 0) {
                    otherOfCeiling.add(other / c);
                    floorOfCeiling.add(f / c);
                    wholeJobOfCeiling.add(whole / c);
                    official.add(o);
                    ours.add(a);
                    ceiling.add(c);
                    ofCeiling.add(a / c);
                    overOfficial.add(a / o);
                }
            }
            System.out.printf(Locale.ROOT, "mlflow throughput, %s, medians of %d rounds: autolog backend (%d points,"
                    + " startRun to flush, counted on the server) %.0f points/s; server ceiling (1000-point log-batch,"
                    + " %d in flight) %.0f points/s%nautolog = %s%n", shape, rounds, points, ChildJvm.median(ours),
                    IN_FLIGHT, ChildJvm.median(ceiling), ofTheCeiling(ofCeiling));
            if (cold) {
                System.out.println("from the JVM's launch to flush (less a bare JVM's launch to main) = "
                        + ofTheCeiling(wholeJobOfCeiling));
            }
            if (compareAgent != null) {
                System.out.println(compareAgent + " = " + ofTheCeiling(otherOfCeiling));
            }
            if (floor) {
                System.out.println("bare cold client = " + ofTheCeiling(floorOfCeiling));
            }
            if (officialPoints > 0) {
                System.out.printf(Locale.ROOT, "official client (logMetric per point, %d points) %.0f points/s;"
                        + " autolog = %.0fx the official client%n", officialPoints, ChildJvm.median(official),
                        ChildJvm.median(overOfficial));
            }
        }
    }

    /** {@code 80% of the ceiling (rounds 70-86 %)}: the median and range of the rounds' shares of the ceiling. */
    private static String ofTheCeiling(List<Double> shares) {
        return String.format(Locale.ROOT, "%.0f%% of the ceiling (rounds %.0f-%.0f %%)", ChildJvm.median(shares) * 100,
                shares.stream().mapToDouble(d -> d * 100).min().orElse(0),
                shares.stream().mapToDouble(d -> d * 100).max().orElse(0));
    }

    private static double autolog(FakeMlflowServer server, int points, int round) {
        String name = "throughput-" + round;
        startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        try (ActiveRun run = Autolog.startRun(name)) {
            for (int i = 0; i < points; i++) {
                run.logMetric("m" + (i & 7), i * 0.5, i);
            }
        }
        if (!Autolog.flush()) {
            throw new IllegalStateException("flush timed out");
        }
        return checked(server, name, points, System.nanoTime() - start);
    }

    /**
     * {@link MlflowBurst} in a fresh JVM with the agent jar {@code agent}, each with its own spool; sets {@link #wholeJobSeconds} from
     * its launch, less the launch-to-main time of a JVM without the agent started just before.
     */
    private static double coldBurst(FakeMlflowServer server, int points, int round, Path agent) throws Exception {
        String name = "burst-" + round;
        long bareLaunch = System.currentTimeMillis();
        long bareMain = Long.parseLong(ChildJvm.run(false, List.of(), Hello.class.getName()).stdout().trim());
        long launch = System.currentTimeMillis();
        List<String> jvmArgs = new ArrayList<>(List.of("-javaagent:" + agent, "-Dautolog.tracking.uri=" + server.uri(),
                "-Dautolog.mlflow.spool.dir=" + ChildJvm.tempStore(), "-Dautolog.flush.timeout=10m",
                "-D" + TIMELINE + "=" + DETAIL));
        String extra = System.getProperty(CHILD_JVM_ARGS, "").strip();
        if (!extra.isEmpty()) {
            jvmArgs.addAll(List.of(extra.replace("{round}", Integer.toString(round)).split("\\s+")));
        }
        ChildJvm.Outcome out = ChildJvm.run(false, jvmArgs, MlflowBurst.class.getName(), Integer.toString(points), name);
        String[] lines = out.stdout().trim().split("\n");
        for (int i = 0; i < lines.length - 1; i++) {
            System.out.println("  " + lines[i]);
        }
        String[] nanosStartFlushed = lines[lines.length - 1].split(" ");
        startMillis = Long.parseLong(nanosStartFlushed[1]);
        launchToStartRun = startMillis - launch;
        wholeJobSeconds = (Long.parseLong(nanosStartFlushed[2]) - launch - (bareMain - bareLaunch)) / 1e3;
        return checked(server, name, points, Long.parseLong(nanosStartFlushed[0]));
    }

    /** {@link BareColdBurst} in a fresh JVM without the agent: points/s from its main to the run's end answered. */
    private static double bareColdBurst(FakeMlflowServer server, int points, int round) throws Exception {
        String name = "bare-" + round;
        ChildJvm.Outcome out = ChildJvm.run(false, List.of(), BareColdBurst.class.getName(), Integer.toString(points),
                name, server.uri());
        String[] lines = out.stdout().trim().split("\n");
        return checked(server, name, points, Long.parseLong(lines[lines.length - 1].split(" ")[0]));
    }

    private static double checked(FakeMlflowServer server, String runName, int points, long nanos) {
        MlflowState.Run onServer = server.state().runs().stream().filter(r -> r.runName.equals(runName))
                .findFirst().orElseThrow();
        if (onServer.pointsReceived < points) {
            throw new IllegalStateException("server has " + onServer.pointsReceived + " of " + points + " points");
        }
        return points / (nanos / 1e9);
    }

    /** When each kind of request was first and last answered, from startRun; log-batch count and sizes. */
    private static String timeline(List<FakeMlflowServer.Request> requests, long t0) {
        Map<String, String> last = new TreeMap<>();
        List<Integer> sizes = new ArrayList<>();
        for (FakeMlflowServer.Request r : requests) {
            String endpoint = r.path().replaceFirst(".*/mlflow/", "");
            long at = r.receivedAtMillis() - t0;
            last.put(endpoint, last.containsKey(endpoint) ? last.get(endpoint).replaceFirst("-.*", "") + "-" + at
                    : Long.toString(at));
            if (endpoint.equals("runs/log-batch")) {
                sizes.add(r.body().path("metrics").size() + r.body().path("params").size() + r.body().path("tags").size());
            }
        }
        return "; answered at ms " + last + "; " + sizes.size() + " log-batch of sizes " + sizes;
    }

    /**
     * Each request's arrival and answer at the server (ms from startRun), the server's idle time: before the first
     * request, and between requests (no request being handled), before and after the first log-batch.
     */
    private static void requestTimeline(List<FakeMlflowServer.Request> requests, long t0) {
        StringBuilder line = new StringBuilder("  server:");
        long busyUntil = Long.MIN_VALUE;
        long idleBeforeBatches = 0;
        long idleAmongBatches = 0;
        boolean batches = false;
        for (FakeMlflowServer.Request r : requests.stream()
                .sorted(java.util.Comparator.comparingLong(FakeMlflowServer.Request::arrivedAtMillis)).toList()) {
            String endpoint = r.path().replaceFirst(".*/mlflow/", "");
            long arrived = r.arrivedAtMillis() - t0;
            long answered = r.receivedAtMillis() - t0;
            line.append(String.format(Locale.ROOT, " %s %d..%d", endpoint, arrived, answered));
            long idle = busyUntil == Long.MIN_VALUE ? 0 : Math.max(0, arrived - busyUntil);
            if (batches) {
                idleAmongBatches += idle;
            } else {
                idleBeforeBatches += idle;
            }
            batches |= endpoint.equals("runs/log-batch");
            busyUntil = Math.max(busyUntil, answered);
        }
        System.out.println(line);
        System.out.printf(Locale.ROOT, "  server idle: before the first request %d ms, then before the first"
                + " log-batch %d ms, after it %d ms%n", requests.isEmpty() ? 0 : requests.stream()
                .mapToLong(FakeMlflowServer.Request::arrivedAtMillis).min().getAsLong() - t0, idleBeforeBatches,
                idleAmongBatches);
    }

    private static double official(FakeMlflowServer server, int points) {
        MlflowClient client = new MlflowClient(server.uri());
        try {
            String runId = client.createRun("0").getRunId();
            long start = System.nanoTime();
            for (int i = 0; i < points; i++) {
                client.logMetric(runId, "m" + (i & 7), i * 0.5, System.currentTimeMillis(), i);
            }
            return points / ((System.nanoTime() - start) / 1e9);
        } finally {
            client.close();
        }
    }

    private static double ceiling(FakeMlflowServer server, int points) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = server.uri() + "/api/2.0/mlflow/";
        String created = http.send(post(base + "runs/create", "{\"experiment_id\":\"0\",\"start_time\":1}"),
                HttpResponse.BodyHandlers.ofString()).body();
        String runId = created.replaceAll(".*\"run_id\":\"([0-9a-f]+)\".*", "$1");
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        int batches = points / 1000;
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            bodies.add(batch(runId, b));
        }
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (String body : bodies) {
            done.add(pool.submit(() -> http.send(post(base + "runs/log-batch", body),
                    HttpResponse.BodyHandlers.discarding())));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return batches * 1000 / seconds;
    }

    /** The {@code b}-th 1000-point {@code log-batch} body of a burst into run {@code runId}. */
    static String batch(String runId, int b) {
        StringBuilder sb = new StringBuilder("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
        for (int i = 0; i < 1000; i++) {
            int n = b * 1000 + i;
            sb.append(i == 0 ? "" : ",").append("{\"key\":\"m").append(n & 7).append("\",\"value\":").append(n * 0.5)
                    .append(",\"timestamp\":").append(1_700_000_000_000L + n).append(",\"step\":").append(n).append('}');
        }
        return sb.append("]}").toString();
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
