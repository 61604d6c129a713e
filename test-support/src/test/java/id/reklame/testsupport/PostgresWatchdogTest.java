package id.reklame.testsupport;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A test JVM killed with SIGKILL runs no shutdown hook: its postmaster must still go away. */
@EnabledOnOs(OS.LINUX)
class PostgresWatchdogTest {

    @Test
    void killingTheJvmStopsItsPostgres() throws Exception {
        File dataDir = EmbeddedServers.postgresWorkingDir(EmbeddedServers.workDir()).resolve("kill-test-" + UUID.randomUUID()).toFile();
        Process jvm = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dot.epg.working-dir=" + System.getProperty("ot.epg.working-dir"), // reuse the unpacked binaries
                StartPostgres.class.getName(), dataDir.getPath()))
                .redirectErrorStream(true)
                .start();
        try (var output = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            String line;
            while ((line = output.readLine()) != null && !line.equals("READY")) {
                // skip the child's log lines
            }
            assertThat(line).as("child JVM started postgres").isEqualTo("READY");
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.toPath().resolve("postmaster.pid")).getFirst().strip());
            assertThat(ProcessHandle.of(postmaster)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

            jvm.destroyForcibly(); // SIGKILL
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).isEmpty();
                assertThat(dataDir).doesNotExist();
            });
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** Runs in the child JVM: starts a postmaster on the given data directory and waits to be killed. */
    public static final class StartPostgres {
        public static void main(String[] args) throws Exception {
            EmbeddedServers.startPostgres(new File(args[0]));
            System.out.println("READY");
            Thread.sleep(Duration.ofMinutes(2));
        }
    }
}
