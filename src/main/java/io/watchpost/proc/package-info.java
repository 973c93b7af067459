/**
 * Kernel vocabulary: every file Watchpost reads under a proc root ({@link io.watchpost.proc.ProcFile}: where it is,
 * its size cap), read through one facade, {@link io.watchpost.proc.ProcFs} (per component) and
 * {@link io.watchpost.proc.ProcTables} (per root and cycle, each file at most once), which hands out typed tables:
 * the socket tables {@code net/tcp}, {@code tcp6}, {@code udp}, {@code udp6} streamed row by row
 * ({@link io.watchpost.proc.SocketTableParser}), {@code net/dev} ({@link io.watchpost.proc.NetDevParser}), the
 * interface addresses from {@code if_inet6}, {@code fib_trie}, {@code route}
 * ({@link io.watchpost.proc.InterfaceAddresses}), {@code boot_id}, and the system files {@code stat},
 * {@code meminfo}, {@code loadavg}, {@code uptime}, the process count and {@code sys/class/net}.
 *
 * <p>One error convention: {@link io.watchpost.proc.ProcFileException} names the file and the rule it broke. Table
 * parsers never throw on a bad line: they skip it and report it ({@link io.watchpost.proc.LineProblems},
 * {@link io.watchpost.proc.SkippedLines}). One helper splits lines and fields ({@code Lines}). Only regular files are
 * opened, each under its cap. What the rows mean for a report is decided in {@code io.watchpost.collect}.
 */
package io.watchpost.proc;
