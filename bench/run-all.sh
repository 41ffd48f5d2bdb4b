#!/usr/bin/env bash
# Runs every benchmark once, from the repository root, after building. Figures are ratios against a baseline
# measured in the same run: these machines are small and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp package -DskipTests
JAR=bench/target/autolog-bench.jar
java -cp "$JAR" dev.autolog.bench.StartupBench 20
java -cp "$JAR" dev.autolog.bench.ThroughputBench 2000000
java -cp "$JAR" dev.autolog.bench.TrainingBench 12
java -cp "$JAR" dev.autolog.bench.MlflowTrainingBench 8
java -cp "$JAR" dev.autolog.bench.MlflowThroughputBench 500000
java -cp "$JAR" dev.autolog.bench.Dl4jTrainingBench 8
java -jar "$JAR" LogMetricBench -rf text -rff bench/target/jmh-logmetric.txt
java -cp "$JAR" dev.autolog.bench.StoreViewBench 10000 100000 10
