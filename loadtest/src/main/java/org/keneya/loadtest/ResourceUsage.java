package org.keneya.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the machine's time went during the measured window: CPU of this JVM (gateway and load
 * generator together), of the PostgreSQL and Redis processes and of the whole machine, and how many
 * PostgreSQL transactions and Redis commands each hop cost. Linux /proc only; what cannot be read
 * is left out of the report rather than guessed.
 */
final class ResourceUsage {
  /** USER_HZ: the unit of /proc CPU times on every Linux the JDK supports. */
  private static final double TICKS_PER_SECOND = 100.0;

  record Snapshot(long nanos, long jvmCpuNanos, MachineTicks machine, ProcessTicks processes,
      long postgresTransactions, long redisCommands) {}

  /** CPU ticks (user + system) of the processes alive at the snapshot; all -1 when /proc is unreadable. */
  record ProcessTicks(long postgres, long redis, long all) {}

  /** The first line of /proc/stat, summed over CPUs; all zero when unreadable. */
  record MachineTicks(long user, long system, long interrupts, long idle, long steal) {
    long total() {
      return user + system + interrupts + idle + steal;
    }
  }

  private final LoadTestDatabase database;
  private final String redisUrl;

  ResourceUsage(LoadTestDatabase database, String redisUrl) {
    this.database = database;
    this.redisUrl = redisUrl;
  }

  Snapshot snapshot() {
    return new Snapshot(System.nanoTime(), jvmCpuNanos(), machineTicks(), processTicks(), postgresTransactions(), redisCommands());
  }

  /** Lines describing what happened between two snapshots over {@code hops} hops. */
  static List<String> describe(Snapshot before, Snapshot after, long hops) {
    List<String> lines = new ArrayList<>();
    double seconds = (after.nanos() - before.nanos()) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    StringBuilder cpu = new StringBuilder(Report.format("  CPU              (%d cores = %d%%)", cores, cores * 100));
    double jvm = 100.0 * (after.jvmCpuNanos() - before.jvmCpuNanos()) / 1e9 / seconds;
    cpu.append(Report.format("  JVM (gateway + load generator) %.0f%%", jvm));
    ProcessTicks p = after.processes();
    ProcessTicks q = before.processes();
    if (p.all() >= 0 && q.all() >= 0) {
      double postgres = percent(p.postgres() - q.postgres(), seconds);
      double redis = percent(p.redis() - q.redis(), seconds);
      cpu.append(Report.format("  PostgreSQL %.0f%%  Redis %.0f%%", postgres, redis));
      // Anything else running on the machine competes with the benchmark: worth knowing when figures look low.
      cpu.append(Report.format("  other processes %.0f%%", Math.max(0, percent(p.all() - q.all(), seconds) - jvm - postgres - redis)));
    }
    MachineTicks a = after.machine();
    MachineTicks b = before.machine();
    long total = a.total() - b.total();
    if (total > 0 && b.total() > 0) {
      // Loopback TCP between the callers, the gateway, PostgreSQL and Redis is paid in system and softirq time.
      double share = 100.0 * cores / total;
      cpu.append(Report.format("; machine: user %.0f%%, system %.0f%%, irq+softirq %.0f%%, steal %.0f%%, idle %.0f%%",
          share * (a.user() - b.user()), share * (a.system() - b.system()), share * (a.interrupts() - b.interrupts()),
          share * (a.steal() - b.steal()), share * (a.idle() - b.idle())));
    }
    lines.add(cpu.toString());
    if (hops > 0) {
      StringBuilder perHop = new StringBuilder("  cost per hop    ");
      if (after.postgresTransactions() >= 0 && before.postgresTransactions() >= 0) {
        perHop.append(Report.format(" %.2f PostgreSQL transactions (statements outside a transaction count one each)",
            (after.postgresTransactions() - before.postgresTransactions()) / (double) hops));
      }
      if (after.redisCommands() >= 0 && before.redisCommands() >= 0) {
        perHop.append(Report.format(", %.2f Redis commands", (after.redisCommands() - before.redisCommands()) / (double) hops));
      }
      perHop.append(Report.format(", %.0f us of JVM CPU", (after.jvmCpuNanos() - before.jvmCpuNanos()) / 1e3 / hops));
      lines.add(perHop.toString());
    }
    return lines;
  }

  private static long jvmCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static MachineTicks machineTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal
      long[] t = new long[9];
      for (int i = 1; i < fields.length && i < t.length; i++) t[i] = Long.parseLong(fields[i]);
      return new MachineTicks(t[1] + t[2], t[3], t[6] + t[7], t[4] + t[5], t[8]);
    } catch (IOException | RuntimeException e) {
      return new MachineTicks(0, 0, 0, 0, 0);
    }
  }

  private static double percent(long ticks, double seconds) {
    return 100.0 * ticks / TICKS_PER_SECOND / seconds;
  }

  private static ProcessTicks processTicks() {
    Path proc = Path.of("/proc");
    long postgres = 0;
    long redis = 0;
    long all = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("[0-9]+"))) {
      for (Path entry : entries) {
        String stat;
        try {
          stat = Files.readString(entry.resolve("stat"));
        } catch (IOException | RuntimeException gone) {
          continue; // the process ended between listing and reading
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < 0) continue;
        String command = stat.substring(open + 1, close);
        String[] fields = stat.substring(close + 2).split(" ");
        // After the command: state(0) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11) stime(12)
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        all += ticks;
        if (command.startsWith("postgres")) postgres += ticks;
        if (command.startsWith("redis-server")) redis += ticks;
      }
    } catch (IOException | RuntimeException e) {
      return new ProcessTicks(-1, -1, -1);
    }
    return new ProcessTicks(postgres, redis, all);
  }

  private long postgresTransactions() {
    try {
      return database.number("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()");
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** total_commands_processed from Redis INFO, over a plain socket so that no client library is needed. */
  private long redisCommands() {
    if (redisUrl == null || redisUrl.isBlank()) return -1;
    try {
      URI uri = URI.create(redisUrl);
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379), 500);
        socket.setSoTimeout(1000);
        socket.getOutputStream().write("INFO stats\r\n".getBytes(StandardCharsets.US_ASCII));
        return parseTotalCommands(readBulk(socket.getInputStream()));
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String readBulk(InputStream in) throws IOException {
    StringBuilder header = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') header.append((char) c);
    if (header.length() == 0 || header.charAt(0) != '$') throw new IOException("unexpected Redis answer " + header);
    int length = Integer.parseInt(header.substring(1).trim());
    byte[] body = in.readNBytes(length);
    return new String(body, StandardCharsets.US_ASCII);
  }

  static long parseTotalCommands(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("total_commands_processed:")) return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
    }
    return -1;
  }
}
