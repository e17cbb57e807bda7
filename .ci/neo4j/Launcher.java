import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * A Neo4j Community server in one process: the embedded DBMS with its Bolt connector.
 * Usage: java -cp LIB/*:CLASSES Launcher HOME_DIR [setting=value ...]
 * The password of user neo4j comes from the environment (NEO4J_PASSWORD), never from argv.
 * Settings given on the command line override the defaults below; unknown names are errors.
 */
public class Launcher {
    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.out.println("neo4j-launcher: failed to start: " + e);
            System.exit(1); // Neo4j's own threads would keep a half-started JVM alive
        }
    }

    static void run(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("NEO4J_PASSWORD must be set (at least 8 characters)");
        }
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("server.bolt.enabled", "true");
        conf.put("server.bolt.listen_address", "127.0.0.1:7687");
        conf.put("server.bolt.tls_level", "DISABLED");
        conf.put("server.http.enabled", "false");
        conf.put("server.https.enabled", "false");
        conf.put("dbms.security.auth_enabled", "true");
        conf.put("initial.dbms.default_database", "neo4j");
        conf.put("server.memory.pagecache.size", "512m");
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            conf.put(args[i].substring(0, eq).trim(), args[i].substring(eq + 1).trim());
        }
        StringBuilder text = new StringBuilder();
        conf.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path confFile = Files.createDirectories(home.resolve("conf")).resolve("neo4j.conf");
        Files.writeString(confFile, text);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(confFile)
                .setUserLogProvider(new Log4jLogProvider(System.out))
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j-launcher: stopping");
            dbms.shutdown();
            System.out.println("neo4j-launcher: stopped");
            stopped.countDown();
        }, "neo4j-launcher-shutdown"));

        // A fresh DBMS has user neo4j with password "neo4j" and a forced change: set ours, no change.
        dbms.database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        String db = conf.get("initial.dbms.default_database");
        if (!dbms.database(db).isAvailable(120_000)) {
            throw new IllegalStateException("database " + db + " did not become available");
        }
        System.out.println("neo4j-launcher: started Neo4j " + org.neo4j.kernel.internal.Version.getNeo4jVersion()
                + " bolt://" + conf.get("server.bolt.listen_address") + " database " + db + " user neo4j");
        stopped.await();
    }
}
