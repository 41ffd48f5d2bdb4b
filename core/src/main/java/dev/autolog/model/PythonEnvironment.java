package dev.autolog.model;

import java.util.ArrayList;
import java.util.List;

/** The environment files MLflow writes beside a Python-loadable model, in their exact shapes (research §1.4). */
record PythonEnvironment(String mlflowVersion, String pythonVersion, List<String> requirements) {

    private List<String> all() {
        List<String> all = new ArrayList<>();
        all.add("mlflow==" + mlflowVersion);
        all.addAll(requirements);
        return all;
    }

    /** One requirement a line, {@code mlflow} first, no trailing newline. */
    String requirementsTxt() {
        return String.join("\n", all());
    }

    String pythonEnvYaml() {
        return "python: " + pythonVersion + "\n"
                + "build_dependencies:\n- pip==23.0.1\n- setuptools==66.1.1\n- wheel==0.38.4\n"
                + "dependencies:\n- -r requirements.txt\n";
    }

    String condaYaml() {
        StringBuilder out = new StringBuilder("channels:\n- conda-forge\ndependencies:\n- python=")
                .append(pythonVersion).append("\n- pip<=23.0.1\n- pip:\n");
        for (String requirement : all()) {
            out.append("  - ").append(requirement).append('\n');
        }
        return out.append("name: mlflow-env\n").toString();
    }
}
