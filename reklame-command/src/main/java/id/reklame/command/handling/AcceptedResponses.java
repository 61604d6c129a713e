package id.reklame.command.handling;

import id.reklame.command.idempotency.RecordedResponse;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The 202 answers of the commands: the body, {@code ETag} = the version, {@code Location} where it helps. */
@Component
public class AcceptedResponses {

    private final JsonMapper json;

    public AcceptedResponses(JsonMapper json) {
        this.json = json;
    }

    public static String location(ApplicationCommands.Accepted accepted) {
        return "/api/v1/applications/" + accepted.applicationId();
    }

    public static String etag(ApplicationCommands.Accepted accepted) {
        return "\"" + accepted.version() + "\"";
    }

    /** A 202 with the application's URL, as a new application is answered. */
    public ResponseEntity<ApplicationCommands.Accepted> created(ApplicationCommands.Accepted accepted) {
        return ResponseEntity.accepted().location(URI.create(location(accepted))).eTag(etag(accepted)).body(accepted);
    }

    public ResponseEntity<ApplicationCommands.Accepted> changed(ApplicationCommands.Accepted accepted) {
        return ResponseEntity.accepted().eTag(etag(accepted)).body(accepted);
    }

    /** The answer of {@link #created}, to store for an Idempotency-Key. */
    public RecordedResponse recordCreated(ApplicationCommands.Accepted accepted) {
        return new RecordedResponse(HttpStatus.ACCEPTED.value(), json.writeValueAsString(accepted), location(accepted),
                etag(accepted));
    }

    /** A stored answer, given again byte for byte. */
    public static ResponseEntity<String> replay(RecordedResponse response) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(response.status()).contentType(MediaType.APPLICATION_JSON);
        if (response.location() != null) {
            builder.location(URI.create(response.location()));
        }
        if (response.etag() != null) {
            builder.eTag(response.etag());
        }
        return builder.body(response.body());
    }
}
