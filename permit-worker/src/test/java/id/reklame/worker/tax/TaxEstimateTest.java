package id.reklame.worker.tax;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.worker.reference.ReferenceBook;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/** {@code POST /api/v1/tax-estimates}, over the reference data of a city that added a 2030 tariff as a data file. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.config.name=permit-worker",
        "spring.flyway.locations=classpath:db/permit-worker,classpath:db/test-data/tariff-2030"})
@AutoConfigureRestTestClient
@RealInfrastructureTest
class TaxEstimateTest {

    @Autowired
    RestTestClient http;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReferenceBook reference;

    private static String body(String start, String end, String width) {
        return """
                {"reklame": {"type": "BILLBOARD", "content": "Kopi Nusantara", "productCategory": "GENERAL",
                             "placement": "OUTDOOR", "widthM": %s, "heightM": 4, "sides": 1, "units": 1},
                 "location": {"address": "Jl. Raya Darmo 1", "district": "Tegalsari", "roadClass": "PROTOCOL",
                              "latitude": -7.2756, "longitude": 112.7395},
                 "period": {"startDate": "%s", "endDate": "%s"}}""".formatted(width, start, end);
    }

    private String estimate(String body, int status) {
        return http.post().uri("/api/v1/tax-estimates").contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange().expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void thePublishedDkiExampleIsEstimatedAtSevenAndAHalfMillion() {
        var estimate = JsonPath.parse(estimate(body("2027-01-01", "2027-01-30", "2"), 200));

        assertThat(estimate.read("$.nsr", Long.class)).isEqualTo(125_000);
        assertThat(estimate.read("$.base", Long.class)).isEqualTo(30_000_000);
        assertThat(estimate.read("$.tax", Long.class)).isEqualTo(7_500_000);
    }

    @Test
    void aTariffFromALaterDataFileAppliesOnlyToPeriodsStartingOnOrAfterItsFirstDay() {
        // a period that began before 2030 keeps the old tariff even though most of it lies in 2030
        var before = JsonPath.parse(estimate(body("2029-12-31", "2030-01-29", "2"), 200));
        var after = JsonPath.parse(estimate(body("2030-01-01", "2030-01-30", "2"), 200));

        assertThat(before.read("$.nsr", Long.class)).isEqualTo(125_000);
        assertThat(before.read("$.tax", Long.class)).isEqualTo(7_500_000);
        assertThat(after.read("$.nsr", Long.class)).isEqualTo(150_000);
        assertThat(after.read("$.tax", Long.class)).isEqualTo(9_000_000);
    }

    @Test
    void aTariffChangedInTheTableTakesEffectWithoutARestart() {
        jdbc.sql("insert into tariff (reklame_type, road_class, effective_from, nsr) values ('BILLBOARD', 'PROTOCOL', '2040-01-01', 200000)")
                .update();
        reference.reload(); // what the periodic refresh does

        assertThat(JsonPath.parse(estimate(body("2040-02-01", "2040-03-01", "2"), 200)).read("$.nsr", Long.class))
                .isEqualTo(200_000);
    }

    @Test
    void anInvalidRequestIsRefusedWithEveryBadFieldNamed() {
        String invalid = body("2027-01-30", "2027-01-01", "0");
        var problem = JsonPath.parse(estimate(invalid.replace("\"LOCAL\"", "\"LOCAL\"").replace("-7.2756", "40"), 400));

        List<String> fields = problem.read("$.errors[*].field");
        assertThat(fields).containsExactlyInAnyOrder("reklame.widthM", "location.latitude", "period.endDateNotBeforeStartDate");
    }

    @Test
    void anUnknownFieldOrMalformedJsonIsA400Problem() {
        estimate(body("2027-01-01", "2027-01-30", "2").replace("\"units\": 1", "\"units\": 1, \"colour\": \"red\""), 400);
        estimate("{\"reklame\": ", 400);
    }

    @Test
    void aPeriodNoTariffCoversIsA422Problem() {
        var problem = JsonPath.parse(estimate(body("1999-01-01", "1999-01-30", "2"), 422));

        assertThat(problem.read("$.detail", String.class)).contains("no tariff for BILLBOARD");
    }
}
