package id.reklame.platform.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import id.reklame.testsupport.Database;
import id.reklame.testsupport.RealInfrastructure;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** While the database restarts or cannot be reached, a request is answered 503 with Retry-After, never 500. */
class DatabaseUnavailableTest {

    @RestController
    static class Reads {
        private final JdbcTemplate live;
        private final JdbcTemplate unreachable;

        Reads(JdbcTemplate live, JdbcTemplate unreachable) {
            this.live = live;
            this.unreachable = unreachable;
        }

        /** What a PostgreSQL shutting down does to every session: "terminating connection due to administrator command". */
        @GetMapping("/terminated")
        Object terminated() {
            return live.queryForObject("select pg_terminate_backend(pg_backend_pid())", Boolean.class);
        }

        @GetMapping("/unreachable")
        Object unreachable() {
            return unreachable.queryForObject("select 1", Integer.class);
        }
    }

    private static JdbcTemplate jdbc(String url, Database database) {
        return new JdbcTemplate(new DriverManagerDataSource(url, database.username(), database.password()));
    }

    private MockMvc mvc() throws Exception {
        Database database = RealInfrastructure.shared().newDatabase("unavailable");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "jdbc:postgresql://127.0.0.1:" + closedPort + "/reklame?connectTimeout=2";
        return MockMvcBuilders.standaloneSetup(new Reads(jdbc(database.jdbcUrl(), database), jdbc(nowhere, database)))
                .setControllerAdvice(new DatabaseUnavailableAdvice(), new ProblemDetailsAdvice())
                .build();
    }

    @Test
    void aConnectionTerminatedByTheServerIsA503() throws Exception {
        mvc().perform(get("/terminated"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("terminating"))));
    }

    @Test
    void aDatabaseThatCannotBeReachedIsA503() throws Exception {
        mvc().perform(get("/unreachable"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.status").value(503));
    }
}
