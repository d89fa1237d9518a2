package org.keneya.gateway;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by this process from binaries inside the jar, its files kept in a local folder,
 * as durable as a production server: a receipt the member was told about survives a power cut.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  /** The library's own lock on the folder, held by the process whose server it is while that process lives. */
  private static final String OWNER_LOCK = "epg-lock";
  private static final long ORPHAN_STOP_SECONDS = 60;

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path dataDirectory) throws IOException {
    Files.createDirectories(dataDirectory);
    stopOrphan(dataDirectory);
    return new EmbeddedDatabase(EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        // The library turns synchronous commit off for tests' speed: a commit must be on disk before anyone is told.
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("fsync", "on")
        .setServerConfig("full_page_writes", "on")
        .start());
  }

  /**
   * A gateway killed outright (kill -9, a power cut of the JVM alone) leaves its server running with
   * nobody to stop it, holding the folder: the next start would fail on "postmaster.pid already
   * exists" forever. When no living process owns the folder, a server still running on it is an
   * orphan and is stopped (smart shutdown: its clients died with their JVM; forced after a minute,
   * which PostgreSQL recovers from as from a crash). A lock file naming a process that is not this
   * folder's server (its number reused after a reboot) is stale and removed.
   */
  static void stopOrphan(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile) || ownedByALivingProcess(dataDirectory)) return;
    List<String> lines = Files.readAllLines(pidFile);
    long pid;
    try {
      pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).trim());
    } catch (NumberFormatException e) {
      LOG.warn("embedded database: unreadable {}, removed", pidFile);
      Files.deleteIfExists(pidFile);
      return;
    }
    Optional<ProcessHandle> server = ProcessHandle.of(pid).filter(p -> isServerOf(p, dataDirectory));
    if (server.isEmpty()) {
      LOG.warn("embedded database: stale {} (process {} is not its server), removed", pidFile, pid);
      Files.deleteIfExists(pidFile);
      return;
    }
    LOG.warn("embedded database: server {} left running by a gateway that did not stop, stopping it", pid);
    server.get().destroy();
    try {
      server.get().onExit().get(ORPHAN_STOP_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("embedded database: server {} did not stop within {} s, killed", pid, ORPHAN_STOP_SECONDS);
      server.get().destroyForcibly();
      server.get().onExit().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the orphaned embedded database", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(e);
    }
  }

  /** Whether another living process (a running gateway, an {@code accounts} command) holds the folder. */
  private static boolean ownedByALivingProcess(Path dataDirectory) throws IOException {
    Path lock = dataDirectory.resolve(OWNER_LOCK);
    if (!Files.exists(lock)) return false;
    try (RandomAccessFile file = new RandomAccessFile(lock.toFile(), "rw"); FileLock held = file.getChannel().tryLock()) {
      return held == null;
    } catch (OverlappingFileLockException e) {
      return true;
    }
  }

  private static boolean isServerOf(ProcessHandle process, Path dataDirectory) {
    ProcessHandle.Info info = process.info();
    boolean postgres = info.command().map(c -> c.endsWith("/postgres")).orElse(false);
    Path folder = dataDirectory.toAbsolutePath().normalize();
    // Without its arguments (another user's process), a postgres on a folder we own is taken for ours.
    return postgres && info.arguments().map(args -> List.of(args).stream().anyMatch(arg -> names(arg, folder))).orElse(true);
  }

  private static boolean names(String argument, Path folder) {
    try {
      return Path.of(argument).toAbsolutePath().normalize().equals(folder);
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  public String url() {
    return "postgresql://postgres@localhost:" + postgres.getPort() + "/postgres";
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
