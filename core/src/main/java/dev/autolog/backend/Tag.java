package dev.autolog.backend;

public record Tag(String key, String value) {
}
