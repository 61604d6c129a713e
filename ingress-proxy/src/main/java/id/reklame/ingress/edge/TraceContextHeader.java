package id.reklame.ingress.edge;

import id.reklame.platform.observability.TraceContexts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request that comes without a {@code traceparent} starts its trace here: the services get the ingress's
 * trace context as if the caller had sent it, so one trace id follows the request through every service and
 * event. A caller's own {@code traceparent} passes unchanged.
 */
public class TraceContextHeader extends OncePerRequestFilter {

    /** The request attribute holding the trace context the ingress started for a request that came without one. */
    public static final String STARTED_ATTRIBUTE = TraceContextHeader.class.getName() + ".started";

    private final TraceContexts traces;

    public TraceContextHeader(TraceContexts traces) {
        this.traces = traces;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String current = request.getHeader(TraceContexts.TRACEPARENT) == null ? traces.currentTraceparent() : null;
        if (current != null) {
            request.setAttribute(STARTED_ATTRIBUTE, current);
        }
        chain.doFilter(current == null ? request : new WithTraceparent(request, current), response);
    }

    private static final class WithTraceparent extends HttpServletRequestWrapper {
        private final String traceparent;

        WithTraceparent(HttpServletRequest request, String traceparent) {
            super(request);
            this.traceparent = traceparent;
        }

        @Override
        public String getHeader(String name) {
            return TraceContexts.TRACEPARENT.equalsIgnoreCase(name) ? traceparent : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return TraceContexts.TRACEPARENT.equalsIgnoreCase(name)
                    ? Collections.enumeration(Set.of(traceparent)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
            names.add(TraceContexts.TRACEPARENT);
            return Collections.enumeration(names);
        }
    }
}
