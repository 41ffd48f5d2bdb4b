package dev.autolog.integration.tribuo;

/** MLflow accepts letters, digits, {@code _ - . / } and space in metric keys; labels may hold anything. */
final class MetricKeys {
    private MetricKeys() {
    }

    static String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.' || c == '/' || c == ' ';
            out.append(ok ? c : '_');
        }
        return out.toString();
    }
}
