package io.stockflow.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/local/ab.sh, the A/B sitting, run for real by bash in a scratch repository of two commits: its
 * run.sh and bench.sh, and the mvn, psql, curl and java it calls, are stand-ins that write what they were
 * asked to a log. What is checked is the script's own work: the order of the sides, the environment each
 * side gets, and that nothing of a measurement is left running when it fails.
 */
class AbScriptTest {

    private static final Path AB_SH = Path.of("..", "deploy", "local", "ab.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    Path repo;
    Path bin;
    Path log;
    Path abDir;
    String baseCommit;

    @BeforeEach
    void scratchRepositoryOfTwoCommits() throws Exception {
        repo = Files.createDirectories(dir.resolve("repo"));
        bin = Files.createDirectories(dir.resolve("bin"));
        log = dir.resolve("calls.log");
        abDir = dir.resolve("ab");
        Files.createDirectories(repo.resolve("deploy/local"));
        git("init", "-q");
        script(repo.resolve("deploy/local/run.sh"), runShStandIn("base"));
        git("add", "-A");
        git("commit", "-q", "-m", "base");
        baseCommit = git("rev-parse", "--short", "HEAD").strip();
        Files.copy(AB_SH, repo.resolve("deploy/local/ab.sh"));
        script(repo.resolve("deploy/local/run.sh"), runShStandIn("head"));
        script(repo.resolve("deploy/local/bench.sh"), """
                echo "bench $WAREHOUSE_DB output=$BENCH_OUTPUT phases=$BENCH_PHASES only=${BENCH_COST_ONLY:-}" >> "$AB_LOG"
                [[ ${FAIL_BENCH:-} != "$WAREHOUSE_DB" ]] || exit 1
                echo "    event, end to end: 1.000 ms CPU/event"
                """);
        git("add", "-A");
        git("commit", "-q", "-m", "head");
        script(bin.resolve("mvn"), "echo \"mvn $(basename \"$PWD\") $*\" >> \"$AB_LOG\"");
        script(bin.resolve("psql"), "echo \"psql $*\" >> \"$AB_LOG\"");
        script(bin.resolve("java"), "echo \"java ${*: -4}\" >> \"$AB_LOG\"");
        script(bin.resolve("curl"), "exit \"${CURL_EXIT:-7}\"");
    }

    /** A side's run.sh: which commit's it is, the command, and the side's environment. */
    private static String runShStandIn(String commit) {
        return "echo \"run.sh(" + commit + ") $1 db=$WAREHOUSE_DB,$CATALOG_DB redis=$REDIS_DB build=$BUILD"
                + " run=$(basename \"$(dirname \"$RUN_DIR\")\")\" >> \"$AB_LOG\"\n"
                + "[[ $1 != start || ${FAIL_START:-} != \"$WAREHOUSE_DB\" ]]";
    }

    @Test
    void shouldBuildBothSidesFirstThenMeasureThemInAlternationEachOnDataOfItsOwn() throws Exception {
        Result result = ab(Map.of(), baseCommit, "2", "BENCH_COST_ONLY=event");

        assertThat(result.exit).as(result.output).isZero();
        String head = git("rev-parse", "--short", "HEAD").strip();
        List<String> expected = new ArrayList<>(List.of("mvn base-src -B -q package -DskipTests",
                "mvn repo -B -q package -DskipTests", runSh("base", "reset"), runSh("head", "reset")));
        expected.addAll(measured("base", 1));
        expected.addAll(measured("head", 1));
        // pair 2 the other way round: a drift over the sitting weighs on both alike
        expected.addAll(measured("head", 2));
        expected.addAll(measured("base", 2));
        expected.addAll(List.of("java io.stockflow.bench.cost.CostAb " + abDir + " " + baseCommit + " " + head,
                runSh("base", "reset"), runSh("head", "reset")));
        assertThat(calls()).containsExactlyElementsOf(expected);
        assertThat(result.output).contains("        event, end to end: 1.000 ms CPU/event");
    }

    /** What a side's run.sh stand-in logs for {@code command}: the side's commit, databases, Redis database and run directory. */
    private static String runSh(String side, String command) {
        return "run.sh(" + side + ") " + command + " db=ab_" + side + "_warehouse,ab_" + side + "_catalog redis="
                + (side.equals("base") ? 14 : 15) + " build=never run=" + side;
    }

    /** One measurement of a side in pair {@code pair}: started, analysed, benched (event only), stopped. */
    private List<String> measured(String side, int pair) {
        return List.of(runSh(side, "start"), "psql -h 127.0.0.1 -p 5432 -U postgres -d ab_" + side + "_warehouse -qc ANALYZE",
                "bench ab_" + side + "_warehouse output=" + abDir.resolve(pair + "-" + side) + " phases=prime,cost only=event",
                runSh(side, "stop"));
    }

    @Test
    void shouldKeepTheSidesDataWhenAskedAndNameAnUncommittedHeadAsSuch() throws Exception {
        Files.writeString(repo.resolve("deploy/local/bench.sh"), "\n# changed", StandardOpenOption.APPEND);

        Result result = ab(Map.of("AB_KEEP", "1"), baseCommit, "1");

        assertThat(result.exit).as(result.output).isZero();
        List<String> calls = calls();
        assertThat(calls.get(calls.size() - 1)).endsWith(" " + baseCommit + " " + git("rev-parse", "--short", "HEAD").strip()
                + "+changes").startsWith("java ");
        assertThat(calls.stream().filter(call -> call.contains(" reset "))).hasSize(2);
    }

    @Test
    void shouldStopTheSideItWasMeasuringWhenItsBenchFails() throws Exception {
        Result result = ab(Map.of("FAIL_BENCH", "ab_head_warehouse"), baseCommit, "1");

        assertThat(result.exit).isEqualTo(1);
        assertThat(result.output).contains("ERROR: the bench of head failed: " + abDir.resolve("1-head.log"));
        List<String> calls = calls();
        assertThat(calls.get(calls.size() - 1)).startsWith("run.sh(head) stop ");
        assertThat(calls).noneMatch(call -> call.startsWith("java "));
    }

    @Test
    void shouldSayWhichSideDidNotStartAndWhereItsLogIs() throws Exception {
        Result result = ab(Map.of("FAIL_START", "ab_base_warehouse"), baseCommit, "1");

        assertThat(result.exit).isEqualTo(1);
        assertThat(result.output).contains("ERROR: base did not start: " + abDir.resolve("base.start.log"));
        assertThat(calls()).noneMatch(call -> call.startsWith("bench "));
    }

    @Test
    void shouldRefuseBadArgumentsAndARunningSystemBeforeBuildingAnything() throws Exception {
        assertThat(ab(Map.of()).output).contains("usage: deploy/local/ab.sh <commit> [pairs] [NAME=value ...]");
        assertThat(ab(Map.of(), baseCommit, "0").output).contains("ERROR: pairs must be at least 1");
        assertThat(ab(Map.of(), baseCommit, "2", "BENCH_COST_ONLY").output).contains("ERROR: not a NAME=value setting: BENCH_COST_ONLY");
        assertThat(ab(Map.of(), "no-such-commit").output).contains("ERROR: no such commit: no-such-commit");
        Result running = ab(Map.of("CURL_EXIT", "0"), baseCommit);
        assertThat(running.exit).isEqualTo(1);
        assertThat(running.output).contains("a warehouse-service answers on the local run's ports: stop it first");
        assertThat(calls()).isEmpty();
    }

    private record Result(int exit, String output) {
    }

    private Result ab(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", repo.resolve("deploy/local/ab.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("BENCH_") || name.startsWith("AB_") || name.startsWith("PG"));
        builder.environment().putAll(Map.of("PATH", bin + ":" + System.getenv("PATH"), "AB_DIR", abDir.toString(),
                "AB_LOG", log.toString()));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=ab", "-c", "user.email=ab@example.org",
                "-c", "init.defaultBranch=main"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0).as(output).isTrue();
        return output;
    }

    private static void script(Path path, String body) throws IOException {
        Files.writeString(path, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
