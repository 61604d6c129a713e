package id.reklame.command.submission;

import id.reklame.command.handling.AcceptedResponses;
import id.reklame.command.handling.ApplicationCommands;
import id.reklame.command.handling.IfMatch;
import id.reklame.command.handling.Traceparent;
import id.reklame.command.idempotency.IdempotencyKeys;
import id.reklame.contracts.json.ReklameJson;
import id.reklame.contracts.model.ApplicationForm;
import id.reklame.platform.security.Caller;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Submitting an application, and revising it while the worker has not accepted it. */
@RestController
@RequestMapping("/api/v1/applications")
class ApplicationController {

    private final ApplicationCommands commands;
    private final IdempotencyKeys idempotencyKeys;
    private final AcceptedResponses responses;

    ApplicationController(ApplicationCommands commands, IdempotencyKeys idempotencyKeys, AcceptedResponses responses) {
        this.commands = commands;
        this.idempotencyKeys = idempotencyKeys;
        this.responses = responses;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> submit(@Valid @RequestBody ApplicationForm form,
                             @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
                             @RequestHeader(name = Traceparent.HEADER, required = false) String traceparent) {
        Caller caller = Caller.current();
        if (idempotencyKey == null) {
            return responses.created(commands.submit(form, caller, Traceparent.of(traceparent)));
        }
        // the same form, however it was spelt, is the same request
        String request = "POST /api/v1/applications " + ReklameJson.mapper().writeValueAsString(form);
        return AcceptedResponses.replay(idempotencyKeys.once(caller.subject(), idempotencyKey, request,
                () -> responses.recordCreated(commands.submit(form, caller, Traceparent.of(traceparent)))));
    }

    @PutMapping(path = "/{applicationId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApplicationCommands.Accepted> revise(@PathVariable UUID applicationId,
                                                        @Valid @RequestBody ApplicationForm form,
                                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                        @RequestHeader(name = Traceparent.HEADER, required = false) String traceparent) {
        return responses.changed(commands.revise(applicationId, Caller.current(), IfMatch.requiredVersion(ifMatch), form,
                Traceparent.of(traceparent)));
    }
}
