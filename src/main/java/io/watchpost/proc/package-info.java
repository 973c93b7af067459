/**
 * Kernel vocabulary: reading a proc root ({@link io.watchpost.proc.ProcRoot}, {@link io.watchpost.proc.ProcFileReader})
 * and pure, allocation-light parsers over its bytes for {@code net/tcp}, {@code tcp6}, {@code udp}, {@code udp6}
 * ({@link io.watchpost.proc.SocketTableParser}), {@code net/dev} ({@link io.watchpost.proc.NetDevParser}),
 * {@code if_inet6}, {@code fib_trie}, {@code route} ({@link io.watchpost.proc.InterfaceAddresses}) and
 * {@code boot_id}. Parsers never throw on bad input: they report a skipped line to
 * {@link io.watchpost.proc.LineProblems}. What the rows mean for a report is decided in {@code io.watchpost.collect}.
 */
package io.watchpost.proc;
