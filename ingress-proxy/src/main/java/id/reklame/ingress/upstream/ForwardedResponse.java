package id.reklame.ingress.upstream;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import id.reklame.ingress.problem.IngressProblems;
import id.reklame.platform.web.RequestIdFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.MultiValueMap;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * An instance's answer on its way to the caller. The gateway streams the body only when Spring MVC writes the
 * response, after the route's filters have returned; the call's place in the bulkhead is held until then, because
 * the connection to the instance is busy until the last byte has passed. If the body breaks off before anything
 * reached the caller, the caller gets a 502 problem instead; later, only closing the connection can tell it.
 */
final class ForwardedResponse implements ServerResponse {

    private final ServerResponse response;

    private final ClientHttpResponse upstreamResponse;

    private final String service;

    private final Runnable release;

    private final AtomicBoolean released = new AtomicBoolean();

    ForwardedResponse(ServerResponse response, ClientHttpResponse upstreamResponse, String service, Runnable release) {
        this.response = response;
        this.upstreamResponse = upstreamResponse;
        this.service = service;
        this.release = release;
    }

    @Override
    public HttpStatusCode statusCode() {
        return this.response.statusCode();
    }

    @Override
    public HttpHeaders headers() {
        return this.response.headers();
    }

    @Override
    public MultiValueMap<String, Cookie> cookies() {
        return this.response.cookies();
    }

    @Override
    public ModelAndView writeTo(HttpServletRequest request, HttpServletResponse response, Context context)
            throws ServletException, IOException {
        try {
            return this.response.writeTo(request, response, context);
        }
        catch (IOException ex) {
            if (response.isCommitted()) {
                throw ex;
            }
            // drop the instance's status and headers, but keep the request id the caller is to quote
            String requestId = response.getHeader(RequestIdFilter.HEADER);
            response.reset();
            innermost(response).setHeader(RequestIdFilter.HEADER, requestId);
            IngressProblems.write(response, IngressProblems.problem(HttpStatus.BAD_GATEWAY,
                    this.service + " " + UpstreamFailure.BROKEN.description() + "; try again later.",
                    request.getRequestURI()), null);
            return null;
        }
        finally {
            releaseOnce();
        }
    }

    /** The container's own response, past wrappers that refuse to set the request id again. */
    private static HttpServletResponse innermost(HttpServletResponse response) {
        HttpServletResponse inner = response;
        while (inner instanceof HttpServletResponseWrapper wrapper) {
            inner = (HttpServletResponse) wrapper.getResponse();
        }
        return inner;
    }

    /** This answer will not be sent (a retry replaces it): free the connection and the call's place. */
    void discard() {
        try {
            if (this.upstreamResponse != null) {
                this.upstreamResponse.close();
            }
        }
        finally {
            releaseOnce();
        }
    }

    private void releaseOnce() {
        if (this.released.compareAndSet(false, true)) {
            this.release.run();
        }
    }

}
