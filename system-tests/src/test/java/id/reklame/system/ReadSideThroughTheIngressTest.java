package id.reklame.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import id.reklame.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read side as the public reaches it: every read endpoint through the ingress, and the read
 * models' operations endpoints reachable on the service's own port only.
 */
class ReadSideThroughTheIngressTest {

    static {
        // the ingress forwards the caller's Host; the JDK client allows that only if told before its first use
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private static final HttpClient http = HttpClient.newHttpClient();
    private static RunningSystem system;
    private static String ingress;
    private static String query;

    @BeforeAll
    static void startSystem() {
        system = new RunningSystem("readside");
        ingress = system.ingress;
        query = system.query;
    }

    @AfterAll
    static void stopSystem() {
        system.close();
    }

    private static HttpResponse<String> send(String method, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", url.contains("/admin/") ? TestTokens.operator() : TestTokens.officer())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSubmissionIsReadBackThroughTheIngressInEveryReadModel() throws Exception {
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(ingress + "/api/v1/applications"))
                .header("Content-Type", "application/json")
                .header("Authorization", TestTokens.applicant())
                .POST(HttpRequest.BodyPublishers.ofString(SubmissionToAssessedViewTest.dkiExample()))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).isEqualTo(202);
        String id = JsonPath.parse(submitted.body()).read("$.applicationId");

        // the first decision after start-up can take longer than one minVersion wait (409): ask again
        HttpResponse<String> assessed = await().atMost(Duration.ofSeconds(60))
                .until(() -> send("GET", ingress + "/api/v1/applications/" + id + "?minVersion=2"),
                        r -> r.statusCode() != 409);
        assertThat(assessed.statusCode()).as(assessed.body()).isEqualTo(200);
        assertThat(JsonPath.parse(assessed.body()).read("$.status", String.class)).isEqualTo("ASSESSED");

        DocumentContext history = JsonPath.parse(send("GET", ingress + "/api/v1/applications/" + id + "/history").body());
        assertThat(history.read("$.events[*].type", List.class)).containsExactly("ApplicationSubmitted", "ApplicationAssessed");

        DocumentContext page = JsonPath.parse(send("GET", ingress
                + "/api/v1/applications?status=ASSESSED&district=Tegalsari&sort=updatedAt,desc").body());
        assertThat(page.read("$.content[*].applicationId", List.class)).contains(id);

        DocumentContext stats = JsonPath.parse(send("GET", ingress + "/api/v1/stats").body());
        assertThat(stats.read("$.countsByStatus.ASSESSED", Integer.class)).isPositive();
        assertThat(stats.read("$.taxByDistrict[?(@.district == 'Tegalsari')].assessed", List.class)).containsExactly(7_500_000);

        HttpResponse<String> badSort = send("GET", ingress + "/api/v1/applications?sort=applicant.idNumber");
        assertThat(badSort.statusCode()).isEqualTo(400);
        assertThat(badSort.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void permitNumbersWithSlashesReachTheVerification() throws Exception {
        HttpResponse<String> unknown = send("GET", ingress + "/api/v1/permits/IPR-RKL/2099/000001");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No permit IPR-RKL/2099/000001");

        assertThat(send("GET", ingress + "/api/v1/permits/nonsense").statusCode()).isEqualTo(400);
    }

    @Test
    void readModelOperationsAreOnTheServicesOwnPortOnlyNeverThroughTheIngress() throws Exception {
        for (String path : List.of("/admin/projections/rebuild", "/admin/projections/gaps", "/admin/projections/checksum")) {
            assertThat(send("GET", ingress + path).statusCode()).as(path).isEqualTo(404);
            assertThat(send("GET", query + path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(send("POST", ingress + "/admin/projections/rebuild").statusCode()).isEqualTo(404);
        assertThat(JsonPath.parse(send("GET", ingress + "/v3/api-docs/reklame-query").body())
                .read("$.paths", java.util.Map.class)).containsKeys("/api/v1/applications", "/api/v1/stats")
                .doesNotContainKey("/admin/projections/rebuild");
    }
}
