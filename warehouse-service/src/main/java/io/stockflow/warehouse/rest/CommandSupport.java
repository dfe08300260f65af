package io.stockflow.warehouse.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockflow.support.problem.Problem;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.warehouse.service.CommandContext;
import io.stockflow.warehouse.service.CommandRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;

/** What every command resource does alike: read who asks and the idempotency key, run, answer. */
@ApplicationScoped
public class CommandSupport {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String ACTOR = "X-Actor";

    private final CommandRunner runner;
    private final ObjectMapper mapper;

    public CommandSupport(CommandRunner runner, ObjectMapper mapper) {
        this.runner = runner;
        this.mapper = mapper;
    }

    /**
     * @param route  method and path, part of what an idempotency key is bound to
     * @param body   the validated request; with the route it makes the request's fingerprint
     * @param status the status on success
     */
    public Response execute(HttpHeaders headers, String route, Object body, int status,
            Function<CommandContext, Object> command) {
        String key = idempotencyKey(headers);
        CommandContext context = new CommandContext(actor(headers), key);
        CommandRunner.Outcome outcome = runner.run(key, route + "\n" + canonical(body), status,
                () -> command.apply(context));
        Response.ResponseBuilder response = Response.status(outcome.status())
                .type(MediaType.APPLICATION_JSON_TYPE).entity(outcome.json());
        if (outcome.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.build();
    }

    private String canonical(Object body) {
        try {
            return body == null ? "" : mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String idempotencyKey(HttpHeaders headers) {
        String key = headers.getHeaderString(IDEMPOTENCY_KEY);
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > 255) {
            throw new ProblemException(Problem.validation(IDEMPOTENCY_KEY, "must be 1 to 255 characters"));
        }
        return key;
    }

    private static String actor(HttpHeaders headers) {
        String actor = headers.getHeaderString(ACTOR);
        if (actor == null || actor.isBlank()) {
            return "anonymous";
        }
        if (actor.length() > 128) {
            throw new ProblemException(Problem.validation(ACTOR, "must be at most 128 characters"));
        }
        return actor;
    }
}
