package id.reklame.command.submission;

import id.reklame.contracts.model.ApplicationForm;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/applications")
class ApplicationController {

    private final ApplicationCommands commands;

    ApplicationController(ApplicationCommands commands) {
        this.commands = commands;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApplicationCommands.Accepted> submit(@Valid @RequestBody ApplicationForm form) {
        var accepted = commands.submit(form);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/applications/" + accepted.applicationId()))
                .eTag(Long.toString(accepted.version()))
                .body(accepted);
    }
}
