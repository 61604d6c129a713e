package id.reklame.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestBodyLimitFilterTest {

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(10);
    private final AtomicReference<String> bodySeen = new AtomicReference<>();

    private MockHttpServletResponse run(MockHttpServletRequest request) throws Exception {
        var response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) ->
                bodySeen.set(new String(((HttpServletRequest) req).getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
        return response;
    }

    private static MockHttpServletRequest post(String body, boolean chunked) {
        var request = new MockHttpServletRequest("POST", "/api/v1/things");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        if (chunked) {
            request.addHeader("Transfer-Encoding", "chunked");
            request.removeHeader("Content-Length");
        }
        return request;
    }

    @Test
    void declaredBodyOverTheLimitIsRefusedWith413ProblemWithoutReadingIt() throws Exception {
        var response = run(post("12345678901", false));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":413").contains("\"instance\":\"/api/v1/things\"");
        assertThat(bodySeen.get()).isNull();
    }

    @Test
    void chunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
        var request = post("12345678901", true);
        request.setContent("12345678901".getBytes(StandardCharsets.UTF_8));
        // MockHttpServletRequest derives a length from the content: make it look chunked
        var chunked = new jakarta.servlet.http.HttpServletRequestWrapper(request) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        var response = new MockHttpServletResponse();

        filter.doFilter(chunked, response, (req, res) -> bodySeen.set("reached"));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(bodySeen.get()).isNull();
    }

    @Test
    void chunkedBodyWithinTheLimitReachesTheServiceWhole() throws Exception {
        var request = post("1234567890", true);
        var chunked = new jakarta.servlet.http.HttpServletRequestWrapper(request) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        var response = new MockHttpServletResponse();

        filter.doFilter(chunked, response, (req, res) -> bodySeen.set(
                new String(((HttpServletRequest) req).getInputStream().readAllBytes(), StandardCharsets.UTF_8)));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(bodySeen.get()).isEqualTo("1234567890");
    }

    @Test
    void bodyAtTheLimitPasses() throws Exception {
        var response = run(post("1234567890", false));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(bodySeen.get()).isEqualTo("1234567890");
    }
}
