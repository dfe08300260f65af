package io.stockflow.warehouse.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.stockflow.events.ConsistencyToken;
import io.stockflow.support.auth.OnBehalfOf;
import io.stockflow.support.problem.Problem;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.consistency.WrittenVersions;
import io.stockflow.warehouse.persistence.IdempotencyRepository;
import io.stockflow.warehouse.persistence.IdempotencyRepository.StoredResponse;
import io.stockflow.warehouse.service.CommandContext;
import io.stockflow.warehouse.service.CommandRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * How both edges take a command in, the API's resources and the console's forms alike: read who asks
 * (the key's principal, and on whose behalf if it says so) and the idempotency key, run, answer.
 * Idempotency follows Stripe (keys scoped per principal): the key, the request's fingerprint and the
 * answer (status and JSON) are stored in the command's transaction, so a replay returns the stored
 * answer with no second change or event.
 */
@ApplicationScoped
public class CommandSupport {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    /**
     * An answer: {@code json} and {@code token} (the consistency token of what it wrote, null if too
     * long) are what an idempotency key stores and replays; {@code replayed} when it is an earlier
     * request's.
     */
    public record Answer(int status, String json, String token, boolean replayed) {

        /** As the API answers: the JSON, its consistency token, and whether it was replayed. */
        public Response toResponse() {
            Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(json);
            if (token != null) {
                response.header(ConsistencyToken.HEADER, token);
            }
            if (replayed) {
                response.header(REPLAYED, "true");
            }
            return response.build();
        }
    }

    private final CommandRunner runner;
    private final IdempotencyRepository keys;
    private final ObjectMapper mapper;
    private final SecurityIdentity caller;
    private final WarehouseConfig config;
    private final WrittenVersions written;

    public CommandSupport(CommandRunner runner, IdempotencyRepository keys, ObjectMapper mapper,
            SecurityIdentity caller, WarehouseConfig config, WrittenVersions written) {
        this.runner = runner;
        this.keys = keys;
        this.mapper = mapper;
        this.caller = caller;
        this.config = config;
        this.written = written;
    }

    /** {@link #run} answered as the API answers. */
    public Response execute(HttpHeaders headers, String route, Object body, int status,
            Function<CommandContext, Object> command) {
        return run(headers, route, body, status, command).toResponse();
    }

    /**
     * @param route   method and path, part of what an idempotency key is bound to
     * @param body    the validated request; with the route it makes the request's fingerprint
     * @param status  the status on success
     * @param command runs the command and renders its result as the answer's shape
     */
    public Answer run(HttpHeaders headers, String route, Object body, int status,
            Function<CommandContext, Object> command) {
        CommandContext context = new CommandContext(caller.getPrincipal().getName(),
                OnBehalfOf.of(headers).orElse(null), idempotencyKey(headers));
        String request = route + "\n" + (body == null ? "" : json(body));
        return runner.run(context, () -> answer(context, request, status, command));
    }

    /** Inside the command's transaction: the stored answer of an earlier request, or the command's. */
    private Answer answer(CommandContext context, String request, int status, Function<CommandContext, Object> command) {
        String idempotencyKey = context.idempotencyKey();
        if (idempotencyKey == null) {
            String json = json(command.apply(context));
            return new Answer(status, json, written.token().orElse(null), false);
        }
        String fingerprint = fingerprint(request);
        Optional<StoredResponse> stored = keys.claim(context.actor(), idempotencyKey, fingerprint,
                config.idempotency().ttl(), config.idempotency().waitTimeout());
        if (stored.isPresent()) {
            if (!stored.get().fingerprint().equals(fingerprint)) {
                throw new IdempotencyKeyReuse(idempotencyKey);
            }
            return new Answer(stored.get().status(), stored.get().body(), stored.get().token(), true);
        }
        String json = json(command.apply(context));
        String token = written.token().orElse(null);
        keys.complete(context.actor(), idempotencyKey, status, json, token);
        return new Answer(status, json, token, false);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serializable: " + value.getClass().getName(), e);
        }
    }

    private static String fingerprint(String request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
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

    /** The key was used for a different request. */
    public static class IdempotencyKeyReuse extends RuntimeException {
        public IdempotencyKeyReuse(String key) {
            super("Idempotency-Key '" + key + "' was already used for a different request");
        }
    }
}
