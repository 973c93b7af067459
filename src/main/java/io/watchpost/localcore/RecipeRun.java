package io.watchpost.localcore;

import java.util.List;
import java.util.Map;

/**
 * What the recipe's Run step gives the component's JVM besides the jar: its flags (without the per-platform
 * {@code -Daws.crt.*} properties) and its Setenv variables. Local mode starts its component child with exactly these, so
 * that what it shows (and what bench/footprint.py measures) is the deployed process; RecipeRunStepTest checks every
 * manifest of recipe.yaml against them. docs/packaging.md explains each flag.
 */
public final class RecipeRun {
    public static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m", "-XX:Tier3InvocationThreshold=2000",
            "-XX:Tier3MinInvocationThreshold=1000", "-XX:Tier3CompileThreshold=20000", "-XX:Tier3BackEdgeThreshold=600000",
            "-Xss256k", "-Xms4m", "-Xmn2m", "-Xmx64m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError");
    /** One malloc arena instead of up to 8 per core: the CRT's and the JVM's native allocations are small and few. */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "1");

    private RecipeRun() {}
}
