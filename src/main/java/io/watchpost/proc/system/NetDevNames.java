package io.watchpost.proc.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The interface names of {@code net/dev} (the text before the first {@code ':'} of each line after the two header
 * lines; the kernel refuses {@code ':'}, {@code '/'} and white space in interface names, so the colon is unambiguous).
 */
public final class NetDevNames {
    private static final int HEADER_LINES = 2;

    /** @param file the net/dev file that was read; names in file order */
    public record Result(Path file, List<String> names) {
        public Result {
            names = List.copyOf(names);
        }
    }

    private NetDevNames() {
    }

    /**
     * Reads {@code <root>/net/dev} when the root is {@code /proc}; otherwise (a host /proc mounted into a container)
     * {@code <root>/1/net/dev}, the host's network namespace, falling back to {@code <root>/net/dev} when that is
     * missing. The same rule as the network metrics, so both see the same interfaces.
     */
    public static Result read(Path procRoot) throws ProcFileException {
        Path file = procRoot.resolve("net/dev");
        if (!procRoot.equals(Path.of("/proc"))) {
            Path hostFile = procRoot.resolve("1/net/dev");
            if (Files.isReadable(hostFile)) {
                file = hostFile;
            }
        }
        return new Result(file, parse(file, ProcText.read(file)));
    }

    /** @param file only used to name the file in errors */
    public static List<String> parse(Path file, String text) throws ProcFileException {
        String[] lines = text.split("\n", -1);
        if (lines.length < HEADER_LINES || !lines[0].contains("|") || !lines[1].contains("|")) {
            throw new ProcFileException(file, "does not start with the two header lines of net/dev");
        }
        List<String> names = new ArrayList<>();
        for (int i = HEADER_LINES; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).trim();
            if (name.isEmpty()) {
                throw new ProcFileException(file, "line " + (i + 1) + " has no \"<interface>:\" prefix: \""
                        + Lines.excerpt(line) + "\"");
            }
            names.add(name);
        }
        return names;
    }
}
