package id.reklame.ingress.edge;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import id.reklame.contracts.json.ReklameJson;
import id.reklame.platform.observability.TraceContexts;
import id.reklame.platform.web.RequestIdFilter;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One JSON line on stdout per request, written when the response is complete: what was asked, how it was answered,
 * which service instance answered it, how long it took and how many body bytes went each way, under the request's
 * {@code X-Request-Id} and trace id. The path is logged without its query, which can carry applicants' search terms.
 */
public class AccessLog extends OncePerRequestFilter {

    private static final String UPSTREAM_ATTRIBUTE = AccessLog.class.getName() + ".upstream";

    private static final String ATTEMPTS_ATTRIBUTE = AccessLog.class.getName() + ".attempts";

    private final ClientAddresses clients;

    AccessLog(ClientAddresses clients) {
        this.clients = clients;
    }

    /** Called by forwarding for each attempt: the line names the instance that gave the final answer. */
    public static void upstreamAttempted(ServletRequest request, String instance, int attempt) {
        request.setAttribute(UPSTREAM_ATTRIBUTE, instance);
        request.setAttribute(ATTEMPTS_ATTRIBUTE, attempt);
    }

    /** One access log line. */
    record Entry(String time, String method, String path, int status, String route, String upstream, Integer attempts,
            double durationMs, long bytesIn, long bytesOut, String requestId, String traceId, String client) {
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        CountingResponse counting = new CountingResponse(response);
        try {
            chain.doFilter(request, counting);
        }
        finally {
            write(new Entry(Instant.now().toString(), request.getMethod(), request.getRequestURI(),
                    response.getStatus(), (String) request.getAttribute(MvcUtils.GATEWAY_ROUTE_ID_ATTR),
                    (String) request.getAttribute(UPSTREAM_ATTRIBUTE), (Integer) request.getAttribute(ATTEMPTS_ATTRIBUTE),
                    Math.round((System.nanoTime() - start) / 1_000.0) / 1_000.0, RequestBodyGuard.bytesRead(request),
                    counting.bytesWritten(), request.getHeader(RequestIdFilter.HEADER), traceId(request),
                    this.clients.clientAddress(request)));
        }
    }

    /** The caller's trace, or the one the ingress started for it. */
    private static String traceId(HttpServletRequest request) {
        String given = TraceContexts.traceIdOf(request.getHeader(TraceContexts.TRACEPARENT));
        return given != null ? given : TraceContexts.traceIdOf((String) request.getAttribute(TraceContextHeader.STARTED_ATTRIBUTE));
    }

    private static void write(Entry entry) {
        byte[] line = ReklameJson.mapper().writeValueAsBytes(entry);
        byte[] withNewline = new byte[line.length + 1];
        System.arraycopy(line, 0, withNewline, 0, line.length);
        withNewline[line.length] = '\n';
        // one write per line, so lines from concurrent requests never interleave
        PrintStream out = System.out;
        out.write(withNewline, 0, withNewline.length);
        out.flush();
    }

    /** Counts the body bytes written through the output stream, where proxied bodies and problem documents go. */
    private static final class CountingResponse extends HttpServletResponseWrapper {

        private CountingOutputStream out;

        CountingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (this.out == null) {
                this.out = new CountingOutputStream(super.getOutputStream());
            }
            return this.out;
        }

        long bytesWritten() {
            return this.out != null ? this.out.count : 0;
        }

    }

    private static final class CountingOutputStream extends ServletOutputStream {

        private final ServletOutputStream out;

        private long count;

        CountingOutputStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            this.out.write(b);
            this.count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            this.out.write(bytes, offset, length);
            this.count += length;
        }

        @Override
        public void flush() throws IOException {
            this.out.flush();
        }

        @Override
        public void close() throws IOException {
            this.out.close();
        }

        @Override
        public boolean isReady() {
            return this.out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            this.out.setWriteListener(listener);
        }

    }

}
