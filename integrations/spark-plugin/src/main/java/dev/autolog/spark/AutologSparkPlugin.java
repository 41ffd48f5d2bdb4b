package dev.autolog.spark;

import dev.autolog.attach.AgentAttacher;
import dev.autolog.attach.AgentJar;
import java.util.Collections;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * {@code --jars autolog-agent.jar --conf spark.plugins=dev.autolog.spark.AutologSparkPlugin}: attaches the agent to
 * the driver while its {@code SparkContext} starts, for clusters where {@code spark.driver.extraJavaOptions} cannot
 * be set. Settings come from {@code spark.autolog.<key>} (e.g. {@code spark.autolog.tracking.uri}). Executors get
 * nothing: they never open runs. Never fails the driver: a problem is one warning and the job runs untracked.
 */
public final class AutologSparkPlugin implements SparkPlugin {

    @Override
    public DriverPlugin driverPlugin() {
        return new DriverPlugin() {
            @Override
            public Map<String, String> init(SparkContext context, PluginContext pluginContext) {
                int java = javaFeatureVersion(System.getProperty("java.specification.version", ""));
                if (java < 17) {
                    System.err.println("autolog: the Spark plugin needs Java 17 or newer on the driver (this one runs "
                            + "Java " + System.getProperty("java.specification.version") + "); the job runs without "
                            + "autologging");
                    return Collections.emptyMap();
                }
                try {
                    StringBuilder args = new StringBuilder();
                    for (scala.Tuple2<String, String> kv : context.getConf().getAllWithPrefix("spark.autolog.")) {
                        args.append(args.length() == 0 ? "" : ",").append(kv._1()).append('=').append(kv._2());
                    }
                    if (!AgentAttacher.agentRunning()) {
                        AgentAttacher.attach(AgentJar.codeSource(AutologSparkPlugin.class), args.toString());
                    }
                } catch (Throwable t) {
                    System.err.println("autolog: the Spark plugin could not attach the agent, the job runs without "
                            + "autologging: " + t);
                }
                return Collections.emptyMap();
            }
        };
    }

    /**
     * 8 for "1.8", 17 for "17"; an unreadable text counts as new enough, since the attach that follows is guarded
     * anyway. Plain parsing: this class must load on Java 8.
     */
    static int javaFeatureVersion(String specification) {
        String major = specification.startsWith("1.") ? specification.substring(2) : specification;
        int dot = major.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? major : major.substring(0, dot));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return null;
    }
}
