package id.reklame.platform.web;

import id.reklame.contracts.json.ReklameJson;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * What Tomcat answers itself, before any filter or controller sees the request (a path with an encoded
 * slash, NUL or bytes that are not UTF-8; a request line or headers over the size limit), as a problem
 * document of the shape {@link ProblemDetailsAdvice} writes, instead of its HTML error page. An error a
 * filter or controller answered already has its body and is left alone.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    /** Makes the factory's host report with this valve. */
    public static void install(ConfigurableTomcatWebServerFactory factory) {
        // the host adds the valve as it starts, inside any other error report valve, so it reports first
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", known == null ? "Error" : known.getReasonPhrase());
        problem.put("status", status);
        // the request is not repeated: it may be what could not be read
        problem.put("detail", status < 500 ? "The web server could not accept this request as it was sent"
                : "The web server could not answer this request");
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ReklameJson.mapper().writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client has gone, or the response cannot take a body: nothing more to say
        }
    }
}
