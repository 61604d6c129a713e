package id.reklame.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestIdFilterTest {

    private final RequestIdFilter filter = new RequestIdFilter();
    private final AtomicReference<String> seenDownstream = new AtomicReference<>();

    private MockHttpServletResponse run(MockHttpServletRequest request) throws Exception {
        var response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> {
            HttpServletRequest http = (HttpServletRequest) req;
            seenDownstream.set(http.getHeader("x-request-id"));
            assertThat(Collections.list(http.getHeaderNames())).containsOnlyOnce(RequestIdFilter.HEADER);
            // a proxied service answers with the id again
            ((HttpServletResponse) res).addHeader(RequestIdFilter.HEADER, seenDownstream.get());
        });
        return response;
    }

    @Test
    void callersWellFormedIdIsKeptForwardedAndReturnedOnce() throws Exception {
        var request = new MockHttpServletRequest("GET", "/x");
        request.addHeader(RequestIdFilter.HEADER, "abc-123");

        var response = run(request);

        assertThat(seenDownstream.get()).isEqualTo("abc-123");
        assertThat(response.getHeaders(RequestIdFilter.HEADER)).containsExactly("abc-123");
    }

    @Test
    void missingOrHostileIdIsReplacedByANewOne() throws Exception {
        var request = new MockHttpServletRequest("GET", "/x");
        request.addHeader(RequestIdFilter.HEADER, "evil\r\nSet-Cookie: x=1");

        var response = run(request);

        assertThat(seenDownstream.get()).matches("[0-9a-f-]{36}");
        assertThat(response.getHeaders(RequestIdFilter.HEADER)).containsExactly(seenDownstream.get());
        assertThat(run(new MockHttpServletRequest("GET", "/x")).getHeader(RequestIdFilter.HEADER)).matches("[0-9a-f-]{36}");
    }
}
