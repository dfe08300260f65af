package io.stockflow.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Redis Cluster on this machine: six {@code redis-server --cluster-enabled yes} processes (three
 * masters with a replica each) joined by {@code redis-cli --cluster create}, started once per JVM like the
 * tests' Kafka broker and stopped with it. Needs {@code redis-server} and {@code redis-cli} on the PATH
 * (the same packages as the single Redis the other runs use). Control goes through {@code redis-cli},
 * so the support needs no Redis client of its own.
 */
public final class LocalRedisCluster {

    private static final int NODES = 6;
    private static final String HOST = "127.0.0.1";
    /** Low, so that a killed master's replica takes over within seconds. */
    private static final int NODE_TIMEOUT_MS = 2000;
    private static final Duration READY = Duration.ofSeconds(60);

    private static List<Integer> ports;
    /** The node processes, in the order of {@link #ports}; a killed node's is replaced when it restarts. */
    private static final List<Process> processes = new ArrayList<>();
    /** Nodes stopped by {@link #freeze}: alive, but asking them anything would hang. */
    private static final Set<Integer> frozen = new HashSet<>();
    private static Path dir;

    private LocalRedisCluster() {
    }

    /** Starts the cluster if it is not running; its seed URLs, comma-separated (for {@code quarkus.redis.hosts}). */
    public static synchronized String ensureStarted() {
        if (ports == null) {
            start();
        }
        return ports.stream().map(port -> "redis://" + HOST + ":" + port).collect(Collectors.joining(","));
    }

    /** The ports of the nodes that are masters now. */
    public static List<Integer> masters() {
        return nodes().stream().filter(ClusterNode::master).map(ClusterNode::port).toList();
    }

    /** The port of the master that holds {@code key}'s slot now. */
    public static int masterOf(String key) {
        return master(slot(key)).port();
    }

    /** The port of a replica of the master that holds {@code key}'s slot now. */
    public static int replicaOf(String key) {
        ClusterNode master = master(slot(key));
        return nodes().stream().filter(n -> master.id().equals(n.masterId())).findFirst()
                .orElseThrow(() -> new IllegalStateException("master " + master.port() + " has no replica")).port();
    }

    /** Makes the node a master, promoting it over its master if it is a replica. */
    public static void makeMaster(int port) {
        if (!masters().contains(port)) {
            failover(port);
        }
    }

    /** Makes the node a replica, promoting its replica if it is a master. */
    public static void makeReplica(int port) {
        if (masters().contains(port)) {
            failover(replicaOfMaster(port));
        }
    }

    /** The port of the replica of the master at {@code masterPort}. */
    public static int replicaOfMaster(int masterPort) {
        ClusterNode master = nodes().stream().filter(n -> n.port() == masterPort && n.master()).findFirst()
                .orElseThrow(() -> new IllegalStateException(masterPort + " is not a master"));
        return nodes().stream().filter(n -> master.id().equals(n.masterId())).findFirst()
                .orElseThrow(() -> new IllegalStateException("master " + masterPort + " has no replica")).port();
    }

    /**
     * Promotes the replica ({@code CLUSTER FAILOVER}: it catches up with its master first, then they swap
     * roles) and waits until every node sees it serve its master's slots, and the former master as a
     * replica (for a moment after the swap some nodes still list it as a master without slots), the cluster
     * is ok again and the former master is synced with the new one.
     */
    public static void failover(int replicaPort) {
        ClusterNode replica = nodes().stream().filter(n -> n.port() == replicaPort && !n.master()).findFirst()
                .orElseThrow(() -> new IllegalStateException(replicaPort + " is not a replica"));
        ClusterNode master = nodes().stream().filter(n -> n.id().equals(replica.masterId())).findFirst().orElseThrow();
        String reply = cli(replicaPort, "CLUSTER", "FAILOVER").trim();
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("CLUSTER FAILOVER on " + replicaPort + ": " + reply);
        }
        awaitCondition("node " + replicaPort + " to become master", () -> {
            for (int port : live()) {
                List<ClusterNode> view = nodes(port);
                ClusterNode seen = view.stream().filter(n -> n.port() == replicaPort).findFirst().orElse(null);
                if (seen == null || !seen.master() || !seen.slots().equals(master.slots())
                        || view.stream().anyMatch(n -> n.id().equals(master.id()) && n.master())) {
                    return false;
                }
            }
            return true;
        });
        awaitOk();
        awaitSynced(master.port());
    }

    /**
     * Kills a node outright (SIGKILL: no shutdown, no last replication), as a lost machine would; its
     * files stay, so {@link #restart} brings it back with its identity.
     */
    public static synchronized void kill(int port) {
        Process process = processes.get(ports.indexOf(port));
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops a node without ending it (SIGSTOP), as a stalled machine or a black-holed network does: its
     * port still accepts connections, but nothing it receives is answered until {@link #thaw}.
     */
    public static synchronized void freeze(int port) {
        signal(port, "STOP");
        frozen.add(port);
    }

    /**
     * Lets a {@link #freeze frozen} node run again (SIGCONT) and waits until it is a synced replica: of its
     * old master, or, a master whose replica was promoted meanwhile, of that one.
     */
    public static synchronized void thaw(int port) {
        signal(port, "CONT");
        frozen.remove(port);
        awaitReplica(port);
    }

    private static void signal(int port, String signal) {
        run(List.of("kill", "-" + signal, Long.toString(processes.get(ports.indexOf(port)).pid())), Duration.ofSeconds(10));
    }

    /** Waits until no live node lists the node but as failing (as CLUSTER SLOTS no longer does). */
    public static void awaitFailed(int port) {
        awaitCondition("node " + port + " to be flagged as failing", () -> live().stream().allMatch(p ->
                nodes(p).stream().noneMatch(n -> n.port() == port)));
    }

    /**
     * Waits until the live nodes see {@code replicaPort} promoted to master (the cluster's own failover
     * after {@code cluster-node-timeout}) and the cluster is ok again without the dead master.
     */
    public static void awaitPromoted(int replicaPort) {
        awaitCondition("node " + replicaPort + " to be promoted", () -> live().stream().allMatch(port ->
                nodes(port).stream().anyMatch(n -> n.port() == replicaPort && n.master() && !n.slots().isEmpty())));
        awaitOk();
    }

    /** Starts a killed node again; it rejoins as a replica of the master that took its slots. */
    public static synchronized void restart(int port) {
        processes.set(ports.indexOf(port), startNode(port));
        awaitReplica(port);
    }

    private static void awaitReplica(int port) {
        awaitCondition("node " + port + " to rejoin as a replica", () -> live().stream().allMatch(p ->
                nodes(p).stream().anyMatch(n -> n.port() == port && !n.master())));
        awaitSynced(port);
        awaitOk();
    }

    /** Until the replica's link to its master is up: a later CLUSTER FAILOVER to it, or a WAIT, finds it caught up. */
    private static void awaitSynced(int replicaPort) {
        awaitCondition("node " + replicaPort + " to sync with its master",
                () -> tryCli(replicaPort, "INFO", "replication").contains("master_link_status:up"));
    }

    private static List<Integer> live() {
        return ports.stream().filter(port -> processes.get(ports.indexOf(port)).isAlive() && !frozen.contains(port))
                .toList();
    }

    private static int slot(String key) {
        return Integer.parseInt(cli(live().get(0), "CLUSTER", "KEYSLOT", key).trim());
    }

    private static ClusterNode master(int slot) {
        return nodes().stream().filter(n -> n.master() && n.serves(slot)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
    }

    /** One {@code redis-cli} command against a node; its output. */
    public static String cli(int port, String... command) {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-h", HOST, "-p", Integer.toString(port)));
        args.addAll(Arrays.asList(command));
        return run(args, Duration.ofSeconds(30));
    }

    private static void start() {
        try {
            dir = Files.createTempDirectory("stockflow-redis-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(LocalRedisCluster::shutdown));
        List<Integer> chosen = freePorts();
        for (int port : chosen) {
            processes.add(startNode(port));
        }
        ports = chosen;
        for (int port : ports) {
            awaitCondition("node " + port + " to answer", () -> "PONG".equals(tryCli(port, "PING").trim()));
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(port -> create.add(HOST + ":" + port));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        run(create, READY);
        awaitOk();
        awaitCondition("three masters with a replica each", () -> {
            List<ClusterNode> nodes = nodes();
            return nodes.stream().filter(ClusterNode::master).count() == NODES / 2
                    && nodes.stream().filter(n -> !n.master()).count() == NODES / 2;
        });
        // a replica still on its first sync acknowledges nothing: the first test's WAIT would fail
        nodes().stream().filter(n -> !n.master()).forEach(replica -> awaitSynced(replica.port()));
    }

    private static Process startNode(int port) {
        Path nodeDir = dir.resolve(Integer.toString(port));
        try {
            Files.createDirectories(nodeDir);
            return new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", HOST,
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS),
                    "--save", "", "--appendonly", "no", "--dir", nodeDir.toString(),
                    // a replica's full sync starts at once, not after Redis's default 5 s of waiting for others
                    "--repl-diskless-sync-delay", "0",
                    "--logfile", nodeDir.resolve("redis.log").toString())
                    .redirectErrorStream(true).redirectOutput(nodeDir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (is it installed?): " + e.getMessage(), e);
        }
    }

    /** Every live node says cluster_state:ok. */
    private static void awaitOk() {
        awaitCondition("cluster_state:ok on every node", () -> live().stream()
                .allMatch(port -> tryCli(port, "CLUSTER", "INFO").contains("cluster_state:ok")));
    }

    private static List<ClusterNode> nodes() {
        for (int port : live()) {
            List<ClusterNode> nodes = nodes(port);
            if (!nodes.isEmpty()) {
                return nodes;
            }
        }
        throw new IllegalStateException("no node of the cluster answers");
    }

    /** The cluster as one node sees it (CLUSTER NODES); empty if it does not answer. */
    private static List<ClusterNode> nodes(int port) {
        return ClusterNode.parse(tryCli(port, "CLUSTER", "NODES"));
    }

    private static String tryCli(int port, String... command) {
        try {
            return cli(port, command);
        } catch (IllegalStateException e) {
            return "";
        }
    }

    private static String run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + " (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private interface Condition {
        boolean holds();
    }

    private static void awaitCondition(String what, Condition condition) {
        long deadline = System.nanoTime() + READY.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the local Redis Cluster: waited " + READY.toSeconds() + " s for " + what
                        + " (node logs in " + dir + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Six ports whose cluster bus ports (port + 10000) are free too. */
    private static List<Integer> freePorts() {
        List<Integer> found = new ArrayList<>();
        while (found.size() < NODES) {
            int port = freePort(0);
            if (port < 55000 && !found.contains(port) && freePort(port + 10000) > 0) {
                found.add(port);
            }
        }
        return found;
    }

    /** The port, or any free one for 0; -1 if it is taken. */
    private static int freePort(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            return -1;
        }
    }

    private static synchronized void shutdown() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory; the OS cleans it eventually
        }
    }
}
