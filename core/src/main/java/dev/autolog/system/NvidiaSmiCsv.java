package dev.autolog.system;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the output of {@code nvidia-smi --query-gpu=}{@value #FIELDS}{@code --format=csv,noheader,nounits} into
 * MLflow's GPU keys (without the {@code system/} prefix): {@code gpu_<i>_utilization_percentage},
 * {@code gpu_<i>_memory_usage_megabytes} (nvidia-smi's MiB as 10^6 bytes), {@code gpu_<i>_memory_usage_percentage},
 * {@code gpu_<i>_power_usage_watts} and {@code gpu_<i>_power_usage_percentage} (of the enforced limit). A value
 * nvidia-smi cannot give ({@code [N/A]}, {@code [Not Supported]}) leaves its key out; a malformed line is skipped.
 */
final class NvidiaSmiCsv {
    static final String FIELDS = "index,utilization.gpu,memory.used,memory.total,power.draw,enforced.power.limit";
    private static final double MEBIBYTE = 1024 * 1024;

    private NvidiaSmiCsv() {
    }

    static Map<String, Double> parse(String csv) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : csv.split("\r?\n")) {
            String[] f = line.split(",", -1);
            if (f.length != 6) {
                continue;
            }
            Double index = number(f[0]);
            if (index == null || index < 0 || index != Math.rint(index)) {
                continue;
            }
            String gpu = "gpu_" + index.intValue() + "_";
            Double utilization = number(f[1]);
            Double memoryUsed = number(f[2]);
            Double memoryTotal = number(f[3]);
            Double power = number(f[4]);
            Double powerLimit = number(f[5]);
            if (utilization != null) {
                out.put(gpu + "utilization_percentage", utilization);
            }
            if (memoryUsed != null) {
                out.put(gpu + "memory_usage_megabytes", memoryUsed * MEBIBYTE / 1e6);
                if (memoryTotal != null && memoryTotal > 0) {
                    out.put(gpu + "memory_usage_percentage", 100 * memoryUsed / memoryTotal);
                }
            }
            if (power != null) {
                out.put(gpu + "power_usage_watts", power);
                if (powerLimit != null && powerLimit > 0) {
                    out.put(gpu + "power_usage_percentage", 100 * power / powerLimit);
                }
            }
        }
        return out;
    }

    private static Double number(String field) {
        try {
            double d = Double.parseDouble(field.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
