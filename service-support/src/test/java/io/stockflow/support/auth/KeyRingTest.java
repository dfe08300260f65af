package io.stockflow.support.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    private static KeyRing ring(List<String> named, List<String> write, List<String> admin) {
        return new KeyRing(named, write, admin);
    }

    @Test
    void shouldNameEachKeyAndGiveItsRole() {
        KeyRing keys = ring(List.of("alice:write:s3cret-a", "shop:read:s3cret-s", "catalog:service:s3cret-c",
                "dapr:ingest:s3cret-d", "ops:admin:s3cret-o"), List.of(), List.of());

        assertThat(keys.find("s3cret-a")).contains(new KeyRing.Holder("alice", Roles.WRITE));
        assertThat(keys.find("s3cret-s")).contains(new KeyRing.Holder("shop", Roles.READ));
        assertThat(keys.find("s3cret-c")).contains(new KeyRing.Holder("catalog", Roles.SERVICE));
        assertThat(keys.find("s3cret-d")).contains(new KeyRing.Holder("dapr", Roles.INGEST));
        assertThat(keys.find("s3cret-o")).contains(new KeyRing.Holder("ops", Roles.ADMIN));
    }

    @Test
    void shouldFindAHolderByNameForASessionThatNamesItsKey() {
        KeyRing keys = ring(List.of("alice:write:s3cret-a"), List.of("demo"), List.of());

        assertThat(keys.named("alice")).contains(new KeyRing.Holder("alice", Roles.WRITE));
        assertThat(keys.named("api-key-1")).contains(new KeyRing.Holder("api-key-1", Roles.WRITE));
        assertThat(keys.named("s3cret-a")).isEmpty();
        assertThat(keys.named("bob")).isEmpty();
    }

    @Test
    void shouldNameTheSeedsKeysByPositionNeverBySecret() {
        KeyRing keys = ring(List.of(), List.of("demo", "other"), List.of("admin-demo"));

        assertThat(keys.find("demo")).contains(new KeyRing.Holder("api-key-1", Roles.WRITE));
        assertThat(keys.find("other")).contains(new KeyRing.Holder("api-key-2", Roles.WRITE));
        assertThat(keys.find("admin-demo")).contains(new KeyRing.Holder("admin-key-1", Roles.ADMIN));
    }

    @Test
    void shouldFindNothingForUnknownOrPartialOrEmptySecrets() {
        KeyRing keys = ring(List.of("alice:write:s3cret-a"), List.of("demo"), List.of());

        assertThat(keys.find("s3cret")).isEmpty();
        assertThat(keys.find("s3cret-a ")).isEmpty();
        assertThat(keys.find("DEMO")).isEmpty();
        assertThat(keys.find("")).isEmpty();
        assertThat(keys.find("alice")).isEmpty();
    }

    @Test
    void shouldKeepColonsInsideTheSecret() {
        assertThat(ring(List.of("alice:write:a:b:c"), List.of(), List.of()).find("a:b:c"))
                .contains(new KeyRing.Holder("alice", Roles.WRITE));
    }

    @Test
    void shouldRefuseMalformedEntriesWithoutShowingTheSecret() {
        assertThatThrownBy(() -> ring(List.of("alice:writer:topsecret"), List.of(), List.of()))
                .hasMessageContaining("unknown role 'writer'").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> ring(List.of("alice:topsecret"), List.of(), List.of()))
                .hasMessageContaining("name:role:secret").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> ring(List.of("alice:write:"), List.of(), List.of()))
                .hasMessageContaining("name:role:secret");
        assertThatThrownBy(() -> ring(List.of("al ice:write:topsecret"), List.of(), List.of()))
                .hasMessageContaining("key name").hasMessageNotContaining("topsecret");
    }

    @Test
    void shouldRefuseTwoKeysWithOneNameOrOneSecret() {
        assertThatThrownBy(() -> ring(List.of("alice:write:one", "alice:read:two"), List.of(), List.of()))
                .hasMessageContaining("two keys are named 'alice'");
        assertThatThrownBy(() -> ring(List.of("alice:write:dup-secret-x"), List.of(), List.of("dup-secret-x")))
                .hasMessageContaining("'alice' and 'admin-key-1' have the same secret")
                .hasMessageNotContaining("dup-secret-x");
    }

    @Test
    void shouldNestRoles() {
        assertThat(Roles.granted(Roles.ADMIN)).containsExactlyInAnyOrder("admin", "write", "read", "service", "ingest");
        assertThat(Roles.granted(Roles.WRITE)).containsExactlyInAnyOrder("write", "read");
        assertThat(Roles.granted(Roles.SERVICE)).containsExactlyInAnyOrder("service", "read");
        assertThat(Roles.granted(Roles.READ)).containsExactly("read");
        assertThat(Roles.granted(Roles.INGEST)).containsExactly("ingest");
    }
}
