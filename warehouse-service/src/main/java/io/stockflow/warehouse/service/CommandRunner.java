package io.stockflow.warehouse.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.persistence.IdempotencyRepository;
import io.stockflow.warehouse.persistence.IdempotencyRepository.StoredResponse;
import io.stockflow.warehouse.persistence.PersistenceFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs every command in its own transaction, with Stripe's idempotency semantics (keys scoped per
 * principal): the key, the request's fingerprint and the response are stored in the command's transaction, so a replay
 * returns the stored response with no second change or event. A deadlock (possible only when two
 * requests create the same new levels in different orders) reruns the whole transaction.
 */
@ApplicationScoped
public class CommandRunner {

    private static final Logger LOG = Logger.getLogger(CommandRunner.class);
    private static final int ATTEMPTS = 3;

    /** A command's answer; {@code json} is what an idempotency key stores and replays. */
    public record Outcome(int status, String json, boolean replayed) {
    }

    private final IdempotencyRepository keys;
    private final ObjectMapper mapper;
    private final WarehouseConfig config;

    public CommandRunner(IdempotencyRepository keys, ObjectMapper mapper, WarehouseConfig config) {
        this.keys = keys;
        this.mapper = mapper;
        this.config = config;
    }

    /**
     * @param context who asks, and the idempotency key (scoped to that principal) if any
     * @param request what identifies the request for the key: method, path and canonical body
     */
    public Outcome run(CommandContext context, String request, int status, Supplier<Object> command) {
        String idempotencyKey = context.idempotencyKey();
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> runOnce(context, request, status, command));
            } catch (QuarkusTransactionException wrapped) {
                throw wrapped.getCause() instanceof RuntimeException cause ? cause : wrapped;
            } catch (PersistenceFailure failure) {
                if (failure.isLockTimeout() && idempotencyKey != null) {
                    throw new IdempotencyInProgress(idempotencyKey);
                }
                if (!failure.isTransient() || attempt == ATTEMPTS) {
                    throw failure;
                }
                LOG.debugf("retrying after %s (attempt %d)", failure.sqlState(), attempt);
            }
        }
    }

    private Outcome runOnce(CommandContext context, String request, int status, Supplier<Object> command) {
        String idempotencyKey = context.idempotencyKey();
        if (idempotencyKey == null) {
            return new Outcome(status, json(command.get()), false);
        }
        String fingerprint = fingerprint(request);
        Optional<StoredResponse> stored = keys.claim(context.actor(), idempotencyKey, fingerprint,
                config.idempotency().ttl(), config.idempotency().waitTimeout());
        if (stored.isPresent()) {
            if (!stored.get().fingerprint().equals(fingerprint)) {
                throw new IdempotencyKeyReuse(idempotencyKey);
            }
            return new Outcome(stored.get().status(), stored.get().body(), true);
        }
        String body = json(command.get());
        keys.complete(context.actor(), idempotencyKey, status, body);
        return new Outcome(status, body, false);
    }

    private String json(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable", e);
        }
    }

    static String fingerprint(String request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key is held by a request still executing, longer than a duplicate waits. */
    public static class IdempotencyInProgress extends RuntimeException {
        public IdempotencyInProgress(String key) {
            super("a request with Idempotency-Key '" + key + "' is still executing; retry shortly");
        }
    }

    /** The key was used for a different request. */
    public static class IdempotencyKeyReuse extends RuntimeException {
        public IdempotencyKeyReuse(String key) {
            super("Idempotency-Key '" + key + "' was already used for a different request");
        }
    }
}
