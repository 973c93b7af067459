package io.watchpost.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** {@code <sysfs>/class/net}: one directory (a symlink) per interface of the network namespace sysfs was mounted in. */
public final class SysClassNet {
    /** A sysfs attribute such as {@code operstate} or {@code flags} is one short word. */
    static final int MAX_ATTRIBUTE_BYTES = 64;

    private SysClassNet() {
    }

    /**
     * Where sysfs is for a proc root: beside it ({@code /proc} → {@code /sys}, {@code /host/proc} → {@code /host/sys});
     * when there is no {@code class/net} there, {@code /sys}.
     */
    public static Path sysRootFor(Path procRoot) {
        Path parent = procRoot.toAbsolutePath().getParent();
        if (parent != null) {
            Path beside = parent.resolve("sys");
            if (Files.isDirectory(beside.resolve("class/net"))) {
                return beside;
            }
        }
        return Path.of("/sys");
    }

    /** Names of the interfaces (directories) under {@code <sysRoot>/class/net}, sorted. */
    public static Set<String> names(Path sysRoot) throws ProcFileException {
        Path dir = sysRoot.resolve("class/net");
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                // Interfaces are symlinks to device directories; bonding_masters is a plain file beside them.
                if (Files.isDirectory(entry)) {
                    names.add(entry.getFileName().toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ProcFileException(dir, "cannot be listed (" + e.getClass().getSimpleName() + ")", e);
        }
        return names;
    }

    /** The state of one interface: its {@code operstate} and {@code flags} files, each at most 64 bytes. */
    static LinkState read(ProcFileReader reader, Path sysRoot, String name) throws ProcFileException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new ProcFileException(sysRoot.resolve("class/net"), "\"" + Lines.excerpt(name)
                    + "\" is not an interface name");
        }
        Path dir = sysRoot.resolve("class/net").resolve(name);
        Path operFile = dir.resolve("operstate");
        String oper = reader.readText(operFile, MAX_ATTRIBUTE_BYTES).trim();
        OperState state = OperState.fromKernel(oper).orElseThrow(() -> new ProcFileException(operFile,
                "\"" + Lines.excerpt(oper) + "\" is not an RFC 2863 operational state"));
        Path flagsFile = dir.resolve("flags");
        String flagsText = reader.readText(flagsFile, MAX_ATTRIBUTE_BYTES).trim();
        if (!flagsText.matches("0x[0-9a-fA-F]{1,8}")) {
            throw new ProcFileException(flagsFile, "\"" + Lines.excerpt(flagsText) + "\" is not a hexadecimal 0x... value");
        }
        return new LinkState(name, state, Long.parseLong(flagsText.substring(2), 16));
    }
}
