package id.reklame.command.renewal;

import id.reklame.command.handling.AcceptedResponses;
import id.reklame.command.handling.ApplicationCommands;
import id.reklame.command.handling.Traceparent;
import id.reklame.platform.security.Caller;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renewing an issued permit, from 30 days before it ends until it expires: answered with the new
 * application, the same one however often it is asked for.
 */
@RestController
class RenewalController {

    /** The body is {@code {}} (or none): a renewal copies everything from the permit it renews. */
    record Renewal() {
    }

    private final ApplicationCommands commands;
    private final AcceptedResponses responses;

    RenewalController(ApplicationCommands commands, AcceptedResponses responses) {
        this.commands = commands;
        this.responses = responses;
    }

    @PostMapping("/api/v1/applications/{applicationId}/renewal")
    ResponseEntity<ApplicationCommands.Accepted> renew(@PathVariable UUID applicationId,
                                                       @RequestBody(required = false) Renewal renewal,
                                                       @RequestHeader(name = Traceparent.HEADER, required = false) String traceparent) {
        return responses.created(commands.renew(applicationId, Caller.current(), Traceparent.of(traceparent)));
    }
}
