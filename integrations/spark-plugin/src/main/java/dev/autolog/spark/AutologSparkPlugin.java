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

    @Override
    public ExecutorPlugin executorPlugin() {
        return null;
    }
}
