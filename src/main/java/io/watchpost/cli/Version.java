package io.watchpost.cli;

/** The program's version, as every command's {@code --version} shows it. */
public final class Version {
    private Version() { }

    /** Implementation-Version of the jar manifest; "dev" when run from classes. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
