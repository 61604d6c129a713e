package id.reklame.ingress.edge;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import id.reklame.ingress.problem.IngressProblems;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

/**
 * Request bodies on their way to a service. A body larger than the limit is answered 413: at once when
 * {@code Content-Length} says so, otherwise as soon as the forwarded stream passes the limit. Bodies stream through
 * without being held, except those of requests that may be retried ({@link RetrySafety}): those are read into memory
 * (never more than the limit) so a second attempt can send them again.
 */
public class RequestBodyGuard extends OncePerRequestFilter {

    private static final String BYTES_READ_ATTRIBUTE = RequestBodyGuard.class.getName() + ".bytesRead";

    private final long limit;

    RequestBodyGuard(long limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (declared > this.limit) {
            tooLarge(request, response);
            return;
        }
        if (declared <= 0 && !chunked) {
            chain.doFilter(request, response);
            return;
        }
        if (RetrySafety.allowsRetry(request)) {
            byte[] body;
            try {
                body = readUpToLimit(request.getInputStream());
            }
            catch (RequestBodyException ex) {
                tooLarge(request, response);
                return;
            }
            request.setAttribute(BYTES_READ_ATTRIBUTE, new long[] { body.length });
            chain.doFilter(new Replayable(request, body), response);
            return;
        }
        Limited limited = new Limited(request, this.limit);
        request.setAttribute(BYTES_READ_ATTRIBUTE, limited.body.read);
        chain.doFilter(limited, response);
    }

    private byte[] readUpToLimit(ServletInputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = readFromCaller(in, buffer, 0, buffer.length)) != -1) {
            if (body.size() + read > this.limit) {
                throw RequestBodyException.tooLarge(this.limit);
            }
            body.write(buffer, 0, read);
        }
        return body.toByteArray();
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // the rest of the body is not wanted: Tomcat need not keep the connection to read it
        response.setHeader(HttpHeaders.CONNECTION, "close");
        IngressProblems.write(response, IngressProblems.problem(RequestBodyException.tooLarge(this.limit).status(),
                "The request body is larger than the " + this.limit + " bytes allowed.", request.getRequestURI()),
                null);
    }

    /** Bytes of request body the caller sent that were read so far (for the access log). */
    static long bytesRead(HttpServletRequest request) {
        return request.getAttribute(BYTES_READ_ATTRIBUTE) instanceof long[] read ? read[0] : 0;
    }

    /** Starts a request's body over for another attempt; a no-op for requests without a replayable body. */
    public static void rewind(ServletRequest request) {
        Replayable replayable = WebUtils.getNativeRequest(request, Replayable.class);
        if (replayable != null) {
            replayable.current = null;
        }
    }

    private static int readFromCaller(ServletInputStream in, byte[] buffer, int offset, int length) throws IOException {
        try {
            return in.read(buffer, offset, length);
        }
        catch (IOException ex) {
            throw RequestBodyException.brokenOff(ex);
        }
    }

    /** A streamed body that fails once it passes the limit. */
    private static final class Limited extends HttpServletRequestWrapper {

        private final LimitedInputStream body;

        Limited(HttpServletRequest request, long limit) throws IOException {
            super(request);
            this.body = new LimitedInputStream(request.getInputStream(), limit);
        }

        @Override
        public ServletInputStream getInputStream() {
            return this.body;
        }

    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;

        private final long limit;

        // shared with the access log, which only sees the unwrapped request
        private final long[] read = { 0 };

        LimitedInputStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = readFromCaller(this.in, buffer, offset, length);
            if (n > 0) {
                this.read[0] += n;
                if (this.read[0] > this.limit) {
                    throw RequestBodyException.tooLarge(this.limit);
                }
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return this.in.isFinished();
        }

        @Override
        public boolean isReady() {
            return this.in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.in.setReadListener(listener);
        }

    }

    /** A body held in memory, read from the start again after {@link #rewind}. */
    private static final class Replayable extends HttpServletRequestWrapper {

        private final byte[] body;

        private ServletInputStream current;

        Replayable(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            if (this.current == null) {
                this.current = new BytesInputStream(this.body);
            }
            return this.current;
        }

        @Override
        public int getContentLength() {
            return this.body.length;
        }

        @Override
        public long getContentLengthLong() {
            return this.body.length;
        }

    }

    private static final class BytesInputStream extends ServletInputStream {

        private final ByteArrayInputStream in;

        BytesInputStream(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return this.in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return this.in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return this.in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("the body is already in memory");
        }

    }

}
