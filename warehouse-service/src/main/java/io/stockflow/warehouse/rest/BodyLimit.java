package io.stockflow.warehouse.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** A body over the HTTP limit is refused before any resource runs; it still gets problem+json. */
@ApplicationScoped
public class BodyLimit {

    void install(@Observes Router router, ObjectMapper mapper) {
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() != 413 || context.response().headWritten()) {
                context.next();
                return;
            }
            try {
                context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .end(mapper.writeValueAsString(Problem.of(413, "payload_too_large", "Payload too large",
                                "request body is larger than the service accepts")));
            } catch (JsonProcessingException e) {
                context.next();
            }
        });
    }
}
