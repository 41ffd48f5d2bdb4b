package dev.autolog.agent.tooling;

/** {@code java -jar autolog-agent.jar}: says what the jar is and how to attach it. */
public final class Cli {

    private Cli() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        if (args.length > 0 && args[0].equals("sync")) {
            // lives with the MLflow backend in this same isolated loader; reflection keeps tooling free of OkHttp
            Object code = Class.forName("dev.autolog.backend.mlflow.SyncCommand").getMethod("run", String[].class)
                    .invoke(null, (Object) java.util.Arrays.copyOfRange(args, 1, args.length));
            System.exit((Integer) code);
        }
        String version = Cli.class.getPackage() == null ? null : Cli.class.getPackage().getImplementationVersion();
        System.out.println("autolog agent " + (version == null ? "" : version));
        System.out.println("Attach it to the JVM that trains: java -javaagent:autolog-agent.jar -cp <app> <Main>");
        System.out.println("Runs go to ./mlruns unless -Dautolog.tracking.uri=<dir> says otherwise.");
    }
}
