package id.reklame.localstack;

import id.reklame.localstack.LocalPostgres.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalPostgresTest {

    @TempDir
    Path folder;

    @Test
    void keepsItsDataAcrossRestartsAndAsksApplicationsForTheirPassword() throws Exception {
        Settings settings = new Settings(freePort(), folder.resolve("postgres"), folder.resolve("binaries"),
                "reklame", "reklame", "s3cret'", Settings.serverSettings("max_wal_size=3GB, work_mem=8MB"));

        try (LocalPostgres postgres = LocalPostgres.start(settings)) {
            assertThat(postgres.newCluster()).isTrue();
            try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), "reklame", "s3cret'");
                 Statement statement = connection.createStatement()) {
                assertThat(show(statement, "max_wal_size")).isEqualTo("3GB");
                assertThat(show(statement, "work_mem")).isEqualTo("8MB");
                assertThat(show(statement, "synchronous_commit")).isEqualTo("on");
                statement.execute("CREATE SCHEMA reklame_command");
                statement.execute("CREATE TABLE reklame_command.kept (id int)");
                statement.execute("INSERT INTO reklame_command.kept VALUES (42)");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(settings.jdbcUrl(), "reklame", "wrong").close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
        }

        // a second initdb would fail on the non-empty folder: starting again proves it was not run
        try (LocalPostgres postgres = LocalPostgres.start(settings);
             Connection connection = DriverManager.getConnection(settings.jdbcUrl(), "reklame", "s3cret'");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM reklame_command.kept")) {
            assertThat(postgres.newCluster()).isFalse();
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void refusesToStartOnAPortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Settings settings = new Settings(taken.getLocalPort(), folder.resolve("postgres"),
                    folder.resolve("binaries"), "reklame", "reklame", "reklame", Map.of());

            assertThatThrownBy(() -> LocalPostgres.start(settings))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void refusesADataFolderInsideTheBinariesFolder() {
        assertThatThrownBy(() -> new Settings(5432, folder.resolve("bin/data"), folder.resolve("bin"),
                "reklame", "reklame", "reklame", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsServerSettingsAsNameValuePairsAndRefusesAnythingElse() {
        assertThat(Settings.serverSettings(" max_wal_size=4GB,shared_buffers=512MB  checkpoint_timeout=15min "))
                .containsExactly(Map.entry("max_wal_size", "4GB"), Map.entry("shared_buffers", "512MB"),
                        Map.entry("checkpoint_timeout", "15min"));
        assertThat(Settings.serverSettings("")).isEmpty();
        assertThatThrownBy(() -> Settings.serverSettings("fsync")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("POSTGRES_SERVER_SETTINGS");
        assertThatThrownBy(() -> Settings.serverSettings("=off")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
