package dev.hermit.payload;

/**
 * One part of a payload tree (the JVM, the class library, the C library, the app...): its files, their bytes
 * with the archive's headers, and the compressed bytes written for them (docs/SIZE.md says how they are charged).
 */
public record PartSize(String part, int files, long bytes, long compressed) {}
