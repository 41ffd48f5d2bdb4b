package dev.autolog.backend;

public record Param(String key, String value) {
}
