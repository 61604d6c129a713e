package id.reklame.platform.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses, as a bad field, request text that PostgreSQL cannot store: a NUL character or half of a
 * surrogate pair. Accepted, it would fail the service's insert (a 500) instead of the client's request.
 */
public final class StorableText {

    public static SimpleModule module() {
        return new SimpleModule("reklame-storable-text").addDeserializer(String.class, new Deserializer());
    }

    /** Why the text cannot be stored, or null when it can. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "must not contain NUL characters";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain unpaired surrogate characters";
            }
        }
        return null;
    }

    static final class UnstorableTextException extends MismatchedInputException {
        UnstorableTextException(JsonParser parser, String message) {
            super(parser, message);
        }
    }

    private static final class Deserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = super.deserialize(parser, context);
            String problem = text == null ? null : problem(text);
            if (problem != null) {
                throw new UnstorableTextException(parser, problem);
            }
            return text;
        }
    }

    private StorableText() {
    }
}
