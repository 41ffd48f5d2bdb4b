package dev.autolog.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parsed arguments of one subcommand: positionals, {@code --name value} / {@code --name=value} options, flags. */
final class Args {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();

    private Args() {
    }

    /** @param valued option names that take a value; @param flags option names that do not */
    static Args parse(List<String> raw, Set<String> valued, Set<String> flags) {
        Args args = new Args();
        for (int i = 0; i < raw.size(); i++) {
            String a = raw.get(i);
            if (!a.startsWith("--") || a.equals("--")) {
                args.positional.add(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(2, eq) : a.substring(2);
            if (flags.contains(name) && eq < 0) {
                args.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (eq < 0 && i + 1 >= raw.size()) {
                    throw CliException.usage("--" + name + " needs a value");
                }
                String value = eq > 0 ? a.substring(eq + 1) : raw.get(++i);
                args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                List<String> known = new ArrayList<>();
                valued.forEach(v -> known.add("--" + v + " <value>"));
                flags.forEach(f -> known.add("--" + f));
                throw CliException.usage("unknown option " + a + " (accepted: " + String.join(", ", known) + ")");
            }
        }
        return args;
    }

    List<String> positional() {
        return positional;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    String option(String name, String fallback) {
        List<String> values = options.get(name);
        return values == null ? fallback : values.get(values.size() - 1);
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    int intOption(String name, int fallback) {
        String v = option(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw CliException.usage("--" + name + " must be a positive whole number, not '" + v + "'");
    }

    /** Splits {@code key=value}; the key must not be empty. */
    static Map.Entry<String, String> keyValue(String text, String what) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw CliException.usage(what + " must look like key=value, not '" + text + "'");
        }
        return Map.entry(text.substring(0, eq), text.substring(eq + 1));
    }
}
