package io.stockflow.e2e;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service (quarkus-run.jar) as a real process, with authentication on (its default):
 * started, awaited until its management port reports it ready, stopped.
 */
final class ServiceProcess {

    private final String name;
    private final Path jar;
    private final Map<String, String> env = new java.util.HashMap<>();
    private final int port;
    private final int managementPort;
    private final Path log;
    private Process process;

    ServiceProcess(String name, String module, Map<String, String> env) {
        this.name = name;
        this.jar = Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        this.port = freePort();
        this.managementPort = freePort();
        this.env.putAll(env);
        this.log = Path.of("target", "e2e-logs", name + ".log").toAbsolutePath();
        try {
            Files.deleteIfExists(log); // one run's log; restarts within the run append
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void envOverride(String key, String value) {
        env.put(key, value);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Health and metrics, no key. */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    void start() throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn verify` (or package) from the repository root");
        }
        Files.createDirectories(log.getParent());
        // C1 only: a test's process lives seconds to minutes, too short for C2's compiling to pay for its CPU
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("HTTP_PORT", Integer.toString(port));
        builder.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
        process = builder.start();
        awaitReady(Duration.ofSeconds(120));
    }

    /** Graceful stop (SIGTERM), as Kubernetes would do it. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** kill -9, as a crashed node or an OOM kill: nothing is finished, nothing released but by the OS. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        process = null;
    }

    /** SIGSTOP: the process freezes where it is (threads, sockets, group membership), as a long GC pause or a stalled node would. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM without waiting: the service drains while the caller goes on. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to exit after {@link #terminate()}; its exit code, or -1 if it did not exit in time. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        int code = process.exitValue();
        process = null;
        return code;
    }

    Path log() {
        return log;
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    /**
     * A port below Linux's ephemeral range (32768-60999): a port the kernel hands out, as ServerSocket(0)
     * did, can be taken as the source port of any outgoing connection before the service binds it (a CI
     * run saw "Port 37377 seems to be in use"). Never the same port twice in one run.
     */
    static synchronized int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) { // all addresses, as the service binds
                return port;
            } catch (IOException taken) {
                // bound by something else: another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
