package io.watchpost.proc;

import java.nio.file.Path;

/**
 * The content of one proc file: {@code data[0..length)}. A view into a reused buffer, valid until the next read; not
 * a value to keep (hence no defensive copy).
 */
public record ProcBytes(Path file, byte[] data, int length) {
}
