package dev.autolog.system;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * NVIDIA GPUs through {@code nvidia-smi} ({@link NvidiaSmiCsv}), run on the sampler thread once per sample. Only
 * built when {@code nvidia-smi} is an executable file on the PATH (looked up once); a run that fails or takes more
 * than 5 s turns the source off for the rest of the JVM.
 */
final class GpuSource implements MetricSource {
    private static final MetricSource NONE = (reading, nanoTime) -> { };
    private final Path nvidiaSmi;
    private volatile boolean broken;

    private GpuSource(Path nvidiaSmi) {
        this.nvidiaSmi = nvidiaSmi;
    }

    static MetricSource ifNvidiaSmiOnPath(String path) {
        Path found = onPath(path, "nvidia-smi");
        return found == null ? NONE : new GpuSource(found);
    }

    static Path onPath(String path, String program) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    @Override
    public void read(Reading reading, long nanoTime) throws Exception {
        if (broken) {
            return;
        }
        Process p = new ProcessBuilder(nvidiaSmi.toString(), "--query-gpu=" + NvidiaSmiCsv.FIELDS,
                "--format=csv,noheader,nounits").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                broken = true;
                return;
            }
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            p.destroy();
        }
        if (p.exitValue() != 0) {
            broken = true;
            return;
        }
        NvidiaSmiCsv.parse(out).forEach(reading::gauge);
    }
}
