#!/usr/bin/env bash
# Runs every benchmark once, from the repository root, after building. Figures are ratios against a baseline
# measured in the same run: these machines are small and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp package -DskipTests
JAR=bench/target/autolog-bench.jar
java -cp "$JAR" dev.autolog.bench.StartupBench 20
java -cp "$JAR" dev.autolog.bench.AppCdsBench 10
java -cp "$JAR" dev.autolog.bench.FirstRunBench 12 500
java -cp "$JAR" dev.autolog.bench.AttachBench 10
java -cp "$JAR" dev.autolog.bench.ThroughputBench 2000000
java -cp "$JAR" dev.autolog.bench.TrainingBench 12
java -cp "$JAR" dev.autolog.bench.MlflowTrainingBench 8
for mode in fast real; do
  for shape in burst cold-burst sustained; do
    java -cp "$JAR" dev.autolog.bench.MlflowThroughputBench $mode $shape
  done
done
java -cp "$JAR" dev.autolog.bench.Dl4jTrainingBench 8
java -cp "$JAR" dev.autolog.bench.DjlTrainingBench 8
java -jar "$JAR" LogMetricBench -rf text -rff bench/target/jmh-logmetric.txt
java -jar "$JAR" SpoolToBodyBench -rf text -rff bench/target/jmh-spooltobody.txt
java -cp "$JAR" dev.autolog.bench.SystemMetricsTrainingBench 6 100ms
java -jar "$JAR" SystemSamplerBench -rf text -rff bench/target/jmh-systemsampler.txt
java -cp "$JAR" dev.autolog.bench.StoreViewBench 10000 100000 10
java -cp "$JAR" dev.autolog.bench.RunChartBench 1000000 5
# writes a 100,000-run store (~9 GB, 2 M files; reused from bench/target/many-runs when complete), needs chromium
java -cp "$JAR" dev.autolog.bench.RunsAtScaleBench 100000 5 bench/target/many-runs
SPARK_CP="bench/target/classes:core/target/autolog-core-0.1.0-SNAPSHOT.jar:it/frameworks/spark-3.5.6/target/classpath/*"
SPARK_OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
for rows in 5000 200000; do
  for models in true false; do
    java -javaagent:agent/target/autolog-agent.jar -Dautolog.tracking.uri="$(mktemp -d)/mlruns" \
      -Dautolog.log.models=$models $SPARK_OPENS -cp "$SPARK_CP" dev.autolog.bench.SparkPipelineBench 6 $rows 2>/dev/null
  done
done
# where the after-fit time goes: each part alone, without the agent
java $SPARK_OPENS -cp "$SPARK_CP" dev.autolog.bench.SparkAfterFitPartsBench 3 200000 2>/dev/null
LIGHTGBM_CP="bench/target/classes:core/target/autolog-core-0.1.0-SNAPSHOT.jar:it/frameworks/synapseml-lightgbm-1.0.15/target/classpath/*"
java -javaagent:agent/target/autolog-agent.jar -Dautolog.tracking.uri="$(mktemp -d)/mlruns" $SPARK_OPENS \
  -cp "$LIGHTGBM_CP" dev.autolog.bench.LightGbmFitBench 6 20000 30 2>/dev/null
