package io.watchpost.packaging;

import java.util.Arrays;
import java.util.List;

/**
 * The CPUs Watchpost ships a jar for: the recipe manifest's Platform, the jar Maven builds for it, and the aws-crt
 * native library directory that jar carries.
 */
enum Platforms {
    X86_64("amd64", "watchpost-linux-x86_64.jar", "linux/x86_64"),
    AARCH64("aarch64", "watchpost-linux-aarch_64.jar", "linux/armv8"),
    ARMV7("arm", "watchpost-linux-armv7.jar", "linux/armv7");

    final String greengrassArchitecture;
    final String jarName;
    final String nativeLibraryDirectory;

    Platforms(String greengrassArchitecture, String jarName, String nativeLibraryDirectory) {
        this.greengrassArchitecture = greengrassArchitecture;
        this.jarName = jarName;
        this.nativeLibraryDirectory = nativeLibraryDirectory;
    }

    static List<String> jarNames() {
        return Arrays.stream(values()).map(p -> p.jarName).toList();
    }
}
