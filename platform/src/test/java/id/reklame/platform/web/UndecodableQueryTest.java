package id.reklame.platform.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A query string Tomcat cannot decode (percent-encoding that is not UTF-8) is the client's 400, as a problem. */
class UndecodableQueryTest {

    @RestController
    static class Reads {
        @GetMapping("/reads")
        String read() {
            // what Tomcat throws from getParameter when the query string is not UTF-8
            throw new InvalidParameterException("Character decoding failed. Parameter [q] with value [secret\uFFFD]");
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Reads())
            .setControllerAdvice(new ProblemDetailsAdvice()).build();

    @Test
    void anUndecodableQueryIsABadRequestProblemThatDoesNotEchoIt() throws Exception {
        mvc.perform(get("/reads"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("secret"))));
    }
}
