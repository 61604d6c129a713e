package id.reklame.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

/** What Tomcat refuses before any filter or servlet sees the request is answered as a problem, not an HTML page. */
class ProblemErrorReportValveTest {

    private WebServer server;

    @BeforeEach
    void start() throws Exception {
        var factory = new TomcatServletWebServerFactory(0);
        factory.setAddress(InetAddress.getLoopbackAddress());
        ProblemErrorReportValve.install(factory);
        server = factory.getWebServer(context -> context.addServlet("reads", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                if (request.getRequestURI().endsWith("/refused")) {
                    response.setStatus(403); // answered by the application, with its own body: left as it is
                    response.setContentType("text/plain");
                    response.getWriter().write("not yours");
                    return;
                }
                if (request.getRequestURI().endsWith("/bare")) {
                    response.sendError(404); // no body of its own: the valve gives it one
                    return;
                }
                response.setContentType("text/plain");
                response.getWriter().write("read");
            }
        }).addMapping("/*"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String get(String target) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void anEncodedSlashNulOrBrokenUtf8InThePathIsA400Problem() throws Exception {
        for (String target : new String[] {"/things/a%2Fb", "/things/a%00b", "/things/%C3%28", "/things/" + "x".repeat(10_000)}) {
            String response = get(target);

            assertThat(response).as(target.substring(0, Math.min(40, target.length()))).startsWith("HTTP/1.1 400")
                    .containsIgnoringCase("Content-Type: application/problem+json")
                    .contains("\"status\":400").contains("\"title\":\"Bad Request\"").doesNotContain("<html");
        }
    }

    @Test
    void whatTheApplicationAnswersIsLeftAsItIs() throws Exception {
        assertThat(get("/things/fine")).startsWith("HTTP/1.1 200").endsWith("read");
        assertThat(get("/things/refused")).startsWith("HTTP/1.1 403").endsWith("not yours")
                .doesNotContain("application/problem+json");
        assertThat(get("/things/bare")).startsWith("HTTP/1.1 404").containsIgnoringCase("application/problem+json")
                .contains("\"title\":\"Not Found\"");
    }
}
