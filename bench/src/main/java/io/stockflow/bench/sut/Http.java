package io.stockflow.bench.sut;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/** Non-blocking HTTP/1.1 with keep-alive and a bounded connection pool (requests beyond it queue). */
public final class Http implements AutoCloseable {

    /** A non-2xx answer. */
    public static final class StatusException extends RuntimeException {
        private final int status;

        public StatusException(int status, String body) {
            super("HTTP " + status + ": " + (body.length() > 300 ? body.substring(0, 300) : body));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final HttpClient client;
    private final String host;
    private final int port;
    private final String apiKey;

    private final long timeoutMs;
    private final Context context;

    /** @param timeout a request unanswered this long fails (keep it under the step's drain timeout) */
    public Http(Vertx vertx, String baseUrl, int connections, int maxWaiting, String apiKey, java.time.Duration timeout) {
        this.timeoutMs = timeout.toMillis();
        this.context = vertx.getOrCreateContext();
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : 80;
        this.apiKey = apiKey;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000)
                .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(maxWaiting));
    }

    /** A 2xx answer with its headers. */
    public record Answer(Buffer body, MultiMap headers) {
    }

    public Future<Buffer> get(String path) {
        return send(HttpMethod.GET, path, null, null, null).map(Answer::body);
    }

    /** A GET with one extra request header. */
    public Future<Answer> get(String path, String header, String value) {
        return send(HttpMethod.GET, path, null, header, value);
    }

    public Future<Buffer> post(String path, Buffer json) {
        return exchange(path, json).map(Answer::body);
    }

    /** A POST whose answer's headers are wanted too. */
    public Future<Answer> exchange(String path, Buffer json) {
        return send(HttpMethod.POST, path, json, null, null);
    }

    /**
     * Every request starts on an event loop: the load's lanes send from theirs, with no hand-off; from
     * any other thread it moves to this client's own (requests started without a Vert.x context could
     * wait in the pool for a connection of another context and never leave).
     */
    private Future<Answer> send(HttpMethod method, String path, Buffer body, String header, String value) {
        if (Context.isOnEventLoopThread()) {
            return sendOnContext(method, path, body, header, value);
        }
        Promise<Answer> answer = Promise.promise();
        context.runOnContext(v -> sendOnContext(method, path, body, header, value).onComplete(answer));
        return answer.future();
    }

    private Future<Answer> sendOnContext(HttpMethod method, String path, Buffer body, String header, String value) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(path)
                .putHeader("X-API-Key", apiKey).setTimeout(timeoutMs);
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        if (header != null) {
            options.putHeader(header, value);
        }
        return client.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().compose(bytes -> response.statusCode() / 100 == 2
                        ? Future.succeededFuture(new Answer(bytes, response.headers()))
                        : Future.failedFuture(new StatusException(response.statusCode(), bytes.toString()))));
    }

    @Override
    public void close() {
        client.close();
    }
}
