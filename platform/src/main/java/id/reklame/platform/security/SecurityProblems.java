package id.reklame.platform.security;

import id.reklame.platform.web.ProblemResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as the same RFC 9457 problem documents every other refusal is, with the
 * {@code WWW-Authenticate: Bearer ...} challenge of RFC 6750.
 */
public class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler denial = new BearerTokenAccessDeniedHandler();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        challenge.commence(request, response, e); // status and WWW-Authenticate
        // the decoder's message may describe the token: say what is wrong without repeating it
        String detail = e instanceof InvalidBearerTokenException
                ? "The bearer token is not valid: expired, wrongly signed, or not issued for this service"
                : "This request needs a bearer token (Authorization: Bearer <token>)";
        ProblemResponse.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        denial.handle(request, response, e);
        ProblemResponse.write(request, response, HttpStatus.FORBIDDEN, "Forbidden",
                "The caller's role does not allow this request");
    }
}
