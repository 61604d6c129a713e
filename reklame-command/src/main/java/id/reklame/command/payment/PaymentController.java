package id.reklame.command.payment;

import id.reklame.command.domain.Payment;
import id.reklame.command.handling.AcceptedResponses;
import id.reklame.command.handling.ApplicationCommands;
import id.reklame.command.handling.IfMatch;
import id.reklame.command.handling.Traceparent;
import id.reklame.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Recording a payment against an assessed application's billing code, for the worker to judge. A
 * payment's reference is recorded once: sending it again changes nothing and is answered 202 again.
 */
@RestController
class PaymentController {

    record PaymentRequest(
            @NotNull @Pattern(regexp = "\\d{18}", message = "must be the 18-digit billing code") String billingCode,
            @NotNull @Positive Long amount,
            @NotNull Instant paidAt,
            @NotBlank @Size(max = 100) String reference) {
    }

    private final ApplicationCommands commands;
    private final AcceptedResponses responses;

    PaymentController(ApplicationCommands commands, AcceptedResponses responses) {
        this.commands = commands;
        this.responses = responses;
    }

    @PostMapping(path = "/api/v1/applications/{applicationId}/payments", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApplicationCommands.Accepted> pay(@PathVariable UUID applicationId,
                                                     @Valid @RequestBody PaymentRequest payment,
                                                     @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                     @RequestHeader(name = Traceparent.HEADER, required = false) String traceparent) {
        return responses.changed(commands.recordPayment(applicationId, Caller.current(), IfMatch.version(ifMatch),
                new Payment(payment.billingCode(), payment.amount(), payment.paidAt(), payment.reference()),
                Traceparent.of(traceparent)));
    }
}
