package io.watchpost;

/** Composition root: parses the command line and wires the pipeline proc root → collect → report → encode → publish. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("watchpost");
    }
}
