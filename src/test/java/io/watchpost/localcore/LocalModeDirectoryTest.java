package io.watchpost.localcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.Main;
import io.watchpost.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModeDirectoryTest {
    @TempDir
    Path tmp;

    private final LogCapture logs = new LogCapture(Clock.systemUTC());

    /** The pid of a process that has ended (and its start time, as a directory it created would record). */
    private static String deadOwner() throws Exception {
        Process p = new ProcessBuilder("true").start();
        String started = p.info().startInstant().map(i -> String.valueOf(i.toEpochMilli())).orElse("-");
        p.waitFor();
        return p.pid() + " " + started + "\n";
    }

    private Path leftBehind(String owner) throws Exception {
        Path dir = Files.createTempDirectory(tmp, LocalModeDirectory.PREFIX);
        Files.writeString(dir.resolve(LocalModeDirectory.OWNER_FILE), owner);
        Files.createDirectories(dir.resolve("wpipc123"));
        Files.writeString(dir.resolve("watchpost-state.json"), "{}");
        return dir;
    }

    @Test
    void aDirectoryWhoseOwnerIsGoneIsRemovedAtTheNextStart() throws Exception {
        Path abandoned = leftBehind(deadOwner());
        Path ours = LocalModeDirectory.create(tmp);

        assertEquals(List.of(abandoned), LocalModeDirectory.removeAbandoned(tmp, ours, logs.log));
        assertFalse(Files.exists(abandoned));
        assertTrue(Files.isDirectory(ours), "our own directory stays");
        assertTrue(logs.lines("local_dir_removed").get(0).contains(abandoned.toString()), logs.all());
    }

    @Test
    void directoriesOfALiveOwnerOrNotOursAreLeftAlone() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        Path alive = leftBehind(self.pid() + " " + self.info().startInstant().orElseThrow().toEpochMilli() + "\n");
        Path noOwnerFile = Files.createTempDirectory(tmp, LocalModeDirectory.PREFIX);
        Path garbled = leftBehind("not a pid\n");
        Path otherName = Files.createTempDirectory(tmp, "watchpostx");
        Files.writeString(otherName.resolve(LocalModeDirectory.OWNER_FILE), deadOwner());
        Path target = leftBehind(deadOwner());
        Path link = Files.createSymbolicLink(tmp.resolve(LocalModeDirectory.PREFIX + "link"), target);
        Path ours = LocalModeDirectory.create(tmp);

        List<Path> removed = LocalModeDirectory.removeAbandoned(tmp, ours, logs.log);

        assertEquals(List.of(target), removed, "only the real directory of a dead owner");
        assertTrue(Files.isDirectory(alive));
        assertTrue(Files.isDirectory(noOwnerFile));
        assertTrue(Files.isDirectory(garbled));
        assertTrue(Files.isDirectory(otherName));
        assertTrue(Files.isSymbolicLink(link), "a link is never followed nor removed");
    }

    @Test
    void aRecycledPidWithAnotherStartTimeIsNotTheOwner() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        long otherStart = self.info().startInstant().orElseThrow().toEpochMilli() - 86_400_000L;
        Path recycled = leftBehind(self.pid() + " " + otherStart + "\n");
        Path ours = LocalModeDirectory.create(tmp);

        assertEquals(List.of(recycled), LocalModeDirectory.removeAbandoned(tmp, ours, logs.log));
    }

    @Test
    void theChildIsStartedWithMainWhenRunFromClasses() {
        assertEquals(Main.class.getName(), LocalMode.MAIN_CLASS);
    }
}
