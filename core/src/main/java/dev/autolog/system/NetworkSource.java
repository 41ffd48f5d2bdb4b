package dev.autolog.system;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code network_receive_megabytes} and {@code network_transmit_megabytes}: bytes over every interface (loopback
 * included, as psutil's {@code net_io_counters()} sums them) since the run started, from {@code /proc/net/dev}.
 */
final class NetworkSource implements MetricSource {
    private final Path netDev;

    NetworkSource(Path proc) {
        this.netDev = proc.resolve("net").resolve("dev");
    }

    @Override
    public void read(Reading reading, long nanoTime) throws Exception {
        if (Files.isReadable(netDev)) {
            long[] bytes = receivedAndSent(Files.readString(netDev));
            reading.total("network_receive_megabytes", bytes[0] / 1e6);
            reading.total("network_transmit_megabytes", bytes[1] / 1e6);
        }
    }

    /** Received and transmitted bytes summed over the interfaces ({@code iface: rx_bytes … (8 fields) tx_bytes}). */
    static long[] receivedAndSent(String procNetDev) {
        long received = 0;
        long sent = 0;
        for (String line : procNetDev.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length >= 9) {
                received += Long.parseLong(f[0]);
                sent += Long.parseLong(f[8]);
            }
        }
        return new long[] {received, sent};
    }
}
