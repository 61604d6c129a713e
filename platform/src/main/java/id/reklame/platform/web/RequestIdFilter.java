package id.reklame.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an {@code X-Request-Id}: the caller's when it is well formed, else a new one.
 * It is returned on the response, put in the logging context and made visible to everything
 * downstream (including a proxied request) as if the caller had sent it. A request about one
 * application puts its id in the logging context too.
 */
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    public static final String APPLICATION_ID_MDC_KEY = "applicationId";

    private static final Pattern APPLICATION_PATH = Pattern.compile("/api/v1/applications/([0-9a-fA-F-]{36})(?:/.*)?");

    // a caller's id is echoed into logs and headers: keep it short and free of control characters
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        String requestId = given != null && ACCEPTABLE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        response.setHeader(HEADER, requestId);
        MDC.put(MDC_KEY, requestId);
        var application = APPLICATION_PATH.matcher(request.getRequestURI());
        if (application.matches()) {
            MDC.put(APPLICATION_ID_MDC_KEY, application.group(1));
        }
        try {
            chain.doFilter(requestId.equals(given) ? request : new WithRequestId(request, requestId),
                    new KeepsRequestId(response));
        } finally {
            MDC.remove(MDC_KEY);
            MDC.remove(APPLICATION_ID_MDC_KEY);
        }
    }

    /** A proxied service answers with the same id: the response carries it once. */
    private static final class KeepsRequestId extends HttpServletResponseWrapper {

        KeepsRequestId(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!HEADER.equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!HEADER.equalsIgnoreCase(name)) {
                super.addHeader(name, value);
            }
        }
    }

    private static final class WithRequestId extends HttpServletRequestWrapper {
        private final String requestId;

        WithRequestId(HttpServletRequest request, String requestId) {
            super(request);
            this.requestId = requestId;
        }

        @Override
        public String getHeader(String name) {
            return HEADER.equalsIgnoreCase(name) ? requestId : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HEADER.equalsIgnoreCase(name) ? Collections.enumeration(Set.of(requestId)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
            names.removeIf(HEADER::equalsIgnoreCase);
            names.add(HEADER);
            return Collections.enumeration(names);
        }
    }
}
