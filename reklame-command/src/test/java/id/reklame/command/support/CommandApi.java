package id.reklame.command.support;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.json.ReklameJson;
import id.reklame.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * reklame-command over real HTTP, the way a client calls it: as the applicant {@link TestTokens#APPLICANT},
 * payments as the payment gateway, unless a request names its own {@code Authorization}.
 */
public final class CommandApi {

    /** The application body of api.md, for a period far enough ahead to stay valid. */
    public static final String FORM = """
            {
              "applicant": {"name": "PT Maju Jaya", "idNumber": "3578012345670001", "email": "izin@majujaya.co.id", "phone": "+6281234567890"},
              "reklame": {"type": "BILLBOARD", "content": "Kopi Nusantara", "productCategory": "GENERAL",
                          "placement": "OUTDOOR", "widthM": 4, "heightM": 8, "sides": 2, "units": 1, "heightAboveGroundM": 6},
              "location": {"address": "Jl. Raya Darmo 1", "district": "Tegalsari", "roadClass": "PROTOCOL",
                           "latitude": -7.2756, "longitude": 112.7395},
              "period": {"startDate": "2099-01-01", "endDate": "2099-12-31"}
            }""";

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CommandApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.setHeader("Authorization", path.endsWith("/payments") ? TestTokens.paymentGateway() : TestTokens.applicant());
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    public HttpResponse<String> submit(String form, String... headers) {
        return send("POST", "/api/v1/applications", form, headers);
    }

    public HttpResponse<String> revise(UUID id, String form, String... headers) {
        return send("PUT", "/api/v1/applications/" + id, form, headers);
    }

    public HttpResponse<String> withdraw(UUID id, String body, String... headers) {
        return send("POST", "/api/v1/applications/" + id + "/withdrawal", body, headers);
    }

    public HttpResponse<String> pay(UUID id, String body, String... headers) {
        return send("POST", "/api/v1/applications/" + id + "/payments", body, headers);
    }

    public HttpResponse<String> renew(UUID id, String... headers) {
        return send("POST", "/api/v1/applications/" + id + "/renewal", "{}", headers);
    }

    /** Submits {@link #FORM} and returns the new application's id. */
    public UUID submitted() {
        HttpResponse<String> response = submit(FORM);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return id(response);
    }

    public static JsonNode json(HttpResponse<String> response) {
        return ReklameJson.mapper().readTree(response.body());
    }

    public static UUID id(HttpResponse<String> response) {
        return UUID.fromString(json(response).get("applicationId").asString());
    }

    public static String revisedForm(String content) {
        return FORM.replace("\"Kopi Nusantara\"", "\"" + content + "\"");
    }
}
