package id.reklame.platform.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import id.reklame.contracts.json.ReklameJson;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** What a client is told when its JSON cannot be read: 400, the field named, its value not repeated. */
class UnreadableRequestTest {

    record Inner(Integer count, String note) {
    }

    record Outer(String name, Inner inner, List<Inner> items) {
    }

    @RestController
    static class Echo {
        @PostMapping(path = "/echo", consumes = MediaType.APPLICATION_JSON_VALUE)
        Outer echo(@RequestBody Outer body) {
            return body;
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Echo())
            .setControllerAdvice(new ProblemDetailsAdvice())
            .setMessageConverters(new JacksonJsonHttpMessageConverter(ReklameJson.configure(JsonMapper.builder())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .addModule(StorableText.module())))
            .build();

    private org.springframework.test.web.servlet.ResultActions send(String json) throws Exception {
        return mvc.perform(post("/echo").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @Test
    void wrongTypeNamesTheFieldButNotTheValue() throws Exception {
        send("{\"inner\": {\"count\": \"secret-value\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("inner.count"))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("secret-value"))));
    }

    @Test
    void unknownFieldIsNamed() throws Exception {
        send("{\"items\": [{\"count\": 1}, {\"colour\": \"red\"}]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("items[1].colour"))
                .andExpect(jsonPath("$.errors[0].message").value("is not a known field"));
    }

    @Test
    void textADatabaseCannotStoreIsRefusedAsABadField() throws Exception {
        send("{\"name\": \"a\\u0000b\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.errors[0].message").value("must not contain NUL characters"));
        send("{\"inner\": {\"note\": \"x\\ud800y\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("inner.note"));
    }

    @Test
    void pairedSurrogatesAreOrdinaryText() throws Exception {
        send("{\"name\": \"Kopi \\ud83d\\ude00\"}").andExpect(status().isOk()).andExpect(jsonPath("$.name").value("Kopi \uD83D\uDE00"));
    }

    @Test
    void malformedJsonIsABadRequestWithoutFieldErrors() throws Exception {
        send("{\"name\": ").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors").doesNotExist());
    }

    @Test
    void wrongContentTypeIs415Problem() throws Exception {
        mvc.perform(post("/echo").contentType(MediaType.TEXT_PLAIN).content("{}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
