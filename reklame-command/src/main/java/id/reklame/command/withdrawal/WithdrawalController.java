package id.reklame.command.withdrawal;

import id.reklame.command.handling.AcceptedResponses;
import id.reklame.command.handling.ApplicationCommands;
import id.reklame.command.handling.IfMatch;
import id.reklame.command.handling.Traceparent;
import id.reklame.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Withdrawing an application before a permit was issued; {@code If-Match} is honoured when sent. */
@RestController
class WithdrawalController {

    record Withdrawal(@NotBlank @Size(max = 500) String reason) {
    }

    private final ApplicationCommands commands;
    private final AcceptedResponses responses;

    WithdrawalController(ApplicationCommands commands, AcceptedResponses responses) {
        this.commands = commands;
        this.responses = responses;
    }

    @PostMapping(path = "/api/v1/applications/{applicationId}/withdrawal", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApplicationCommands.Accepted> withdraw(@PathVariable UUID applicationId,
                                                          @Valid @RequestBody Withdrawal withdrawal,
                                                          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                          @RequestHeader(name = Traceparent.HEADER, required = false) String traceparent) {
        return responses.changed(commands.withdraw(applicationId, Caller.current(), IfMatch.version(ifMatch), withdrawal.reason(),
                Traceparent.of(traceparent)));
    }
}
