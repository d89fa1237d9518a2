package org.keneya.gateway;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.config.ConfigException;
import org.keneya.config.ConfigLoader;
import org.keneya.config.KeneyaConfig;
import org.keneya.gateway.accounts.Bootstrap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code keneya-gateway accounts create-admin --name "Awa Diarra"}: the first administrator, with its API key printed once. */
@Command(name = "accounts", description = "Manage accounts from the command line (the first administrator).",
    subcommands = AccountsCommand.CreateAdmin.class, mixinStandardHelpOptions = true)
final class AccountsCommand {
  @ParentCommand
  Main main;

  @Command(name = "create-admin", mixinStandardHelpOptions = true,
      description = "Creates an administrator account on the configured database and prints its API key, once.")
  static final class CreateAdmin implements Callable<Integer> {
    @ParentCommand
    AccountsCommand accounts;

    @Option(names = "--name", required = true, description = "the administrator's name, as the audit log will show it")
    String name;

    @Option(names = "--config", description = "configuration file (default: the gateway's --config, $KENEYA_CONFIG, else the shipped demo configuration)")
    Path configFile;

    @Override
    public Integer call() throws Exception {
      if (name.isBlank() || name.length() > 120) {
        System.err.println("keneya: --name must be 1 to 120 characters");
        return 2;
      }
      Path file = configFile != null ? configFile : accounts.main.configFile != null ? accounts.main.configFile
          : System.getenv("KENEYA_CONFIG") != null ? Path.of(System.getenv("KENEYA_CONFIG")) : null;
      KeneyaConfig config;
      try {
        config = ConfigLoader.load(file, System.getenv());
      } catch (ConfigException e) {
        System.err.println("keneya: " + e.getMessage());
        return 2;
      }
      EmbeddedDatabase embedded = null;
      String pgUrl = config.pg().url();
      try {
        if (config.pg().embedded()) {
          try {
            embedded = EmbeddedDatabase.start(Path.of(config.pg().embeddedDataDir()));
          } catch (Exception | Error e) {
            System.err.println("keneya: cannot open the embedded database in " + config.pg().embeddedDataDir()
                + " (is the gateway running? stop it first, or have an administrator create the account with POST /api/v1/accounts): " + e);
            return 3;
          }
          pgUrl = embedded.url();
        }
        new PgDatabase(pgUrl).migrate();
        Vertx vertx = Vertx.vertx();
        try {
          Pool pool = new PgDatabase(pgUrl).pool(vertx, 1);
          Bootstrap.Administrator admin = Bootstrap.createAdministrator(pool, name.strip(), "command line (accounts create-admin)")
              .toCompletionStage().toCompletableFuture().join();
          System.out.println("Administrator \"" + admin.name() + "\" created: account " + admin.accountId());
          System.out.println("API key (shown this once; store it now, only its hash is kept):");
          System.out.println(admin.apiKey());
          System.out.println("Use it as: curl -H 'Authorization: Bearer " + admin.apiKey() + "' http://localhost:" + (config.http().separateManagement() ? config.http().managementPort() : config.http().port()) + "/api/v1/accounts");
          return 0;
        } finally {
          vertx.close().toCompletionStage().toCompletableFuture().join();
        }
      } catch (RuntimeException e) {
        System.err.println("keneya: the administrator could not be created: " + e.getMessage());
        return 3;
      } finally {
        if (embedded != null) embedded.close();
      }
    }
  }
}
