package id.reklame.contracts;

import static id.reklame.contracts.ContractFiles.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A broken golden sample fails validation on the right keyword (the validator really checks); valid edges and added fields pass. */
class SchemaViolationTest {

    private static final String SUBMITTED = "id.reklame.application.submitted.v1";

    @ParameterizedTest(name = "{0} {1} = {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "REMOVED", textBlock = """
            id.reklame.application.submitted.v1          | /applicant/idNumber         | REMOVED                  | required
            id.reklame.application.submitted.v1          | /period                     | REMOVED                  | required
            id.reklame.application.submitted.v1          | /applicant/idNumber         | "357801234567000"        | pattern
            id.reklame.application.submitted.v1          | /applicant/idNumber         | "91200012345AB"          | pattern
            id.reklame.application.submitted.v1          | /applicant/name             | ""                       | minLength
            id.reklame.application.submitted.v1          | /applicant/email            | "izin-at-majujaya.co.id" | format
            id.reklame.application.submitted.v1          | /reklame/widthM             | 50.01                    | maximum
            id.reklame.application.submitted.v1          | /reklame/heightM            | 0.09                     | minimum
            id.reklame.application.submitted.v1          | /reklame/widthM             | 2.345                    | multipleOf
            id.reklame.application.submitted.v1          | /reklame/sides              | 5                        | maximum
            id.reklame.application.submitted.v1          | /reklame/sides              | 1.5                      | type
            id.reklame.application.submitted.v1          | /reklame/units              | 0                        | minimum
            id.reklame.application.submitted.v1          | /reklame/type               | "POSTER"                 | enum
            id.reklame.application.submitted.v1          | /reklame/heightAboveGroundM | 100.5                    | maximum
            id.reklame.application.submitted.v1          | /location/latitude          | -11.5                    | minimum
            id.reklame.application.submitted.v1          | /location/longitude         | 141.01                   | maximum
            id.reklame.application.submitted.v1          | /applicationId              | "APP-0001"               | format
            id.reklame.application.submitted.v1          | /period/startDate           | "2027-02-30"             | format
            id.reklame.application.payment.received.v1   | /paidAt                     | "2027-01-20 03:15"       | format
            id.reklame.application.payment.received.v1   | /amount                     | 7500000.5                | type
            id.reklame.application.payment.rejected.v1   | /shortfall                  | 0                        | minimum
            id.reklame.decision.assessed.v1              | /assessment/billingCode     | REMOVED                  | required
            id.reklame.decision.assessed.v1              | /assessment/billingCode     | "35780127000000001"      | pattern
            id.reklame.decision.assessed.v1              | /assessment/skpdNumber      | "SKPD/2027/1"            | pattern
            id.reklame.decision.assessed.v1              | /applicationVersion         | 0                        | minimum
            id.reklame.decision.rejected.v1              | /reasons                    | []                       | minItems
            id.reklame.decision.payment.accepted.v1      | /permitNumber               | "IPR-RKL/27/1"           | pattern
            """)
    void brokenSampleFailsOnTheExpectedKeyword(String ceType, String pointer, String json, String keyword) {
        assertThat(ContractFiles.validate(ceType, sampleWith(ceType, pointer, json)))
                .extracting(Error::getKeyword).contains(keyword);
    }

    @ParameterizedTest(name = "{0} = {1} is accepted")
    @CsvSource(delimiter = '|', textBlock = """
            /reklame/widthM             | 0.1
            /reklame/widthM             | 50
            /reklame/heightM            | 12.34
            /reklame/heightM            | 49.99
            /reklame/sides              | 4
            /reklame/units              | 1000
            /location/latitude          | 6
            /location/longitude         | 95
            /applicant/idNumber         | "9120001234567"
            /channel                    | "KIOSK"
            /reklame/illuminated        | true
            """)
    void edgeValuesAndFieldsAddedWithinAVersionAreAccepted(String pointer, String json) {
        assertThat(ContractFiles.validate(SUBMITTED, sampleWith(SUBMITTED, pointer, json))).isEmpty();
    }

    /** The golden sample with the field at {@code pointer} set to {@code json}, or removed if that is null. */
    private static JsonNode sampleWith(String ceType, String pointer, String json) {
        JsonNode sample = ContractFiles.sample(ceType);
        int slash = pointer.lastIndexOf('/');
        var parent = (ObjectNode) sample.at(pointer.substring(0, slash));
        String field = pointer.substring(slash + 1);
        if (json == null) {
            parent.remove(field);
        } else {
            parent.set(field, MAPPER.readTree(json));
        }
        return sample;
    }
}
