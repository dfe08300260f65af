package io.stockflow.support.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitKeysTest {

    private final RateLimitKeys keys = new RateLimitKeys("warehouse-service");

    @Test
    void shouldCountKeyClientsByPrincipalWhenAuthenticated() {
        assertThat(RateLimitKeys.clientIds(RateLimitType.KEY, "alice", "s3cret", "10.0.0.1")).containsExactly("principal:alice");
    }

    @Test
    void shouldCountKeyClientsByTheKeysHashNeverTheKeyWithoutAPrincipal() {
        assertThat(RateLimitKeys.clientIds(RateLimitType.KEY, null, "s3cret", "10.0.0.1"))
                .containsExactly("apikey:" + RateLimitKeys.sha256("s3cret"))
                .noneMatch(id -> id.contains("s3cret"));
        assertThat(RateLimitKeys.sha256("s3cret")).hasSize(64).isNotEqualTo(RateLimitKeys.sha256("s3cret2"));
    }

    @Test
    void shouldCountKeyClientsByAddressWithoutPrincipalOrKey() {
        assertThat(RateLimitKeys.clientIds(RateLimitType.KEY, null, null, "10.0.0.1")).containsExactly("ip:10.0.0.1");
        assertThat(RateLimitKeys.clientIds(RateLimitType.KEY, "", "", "10.0.0.1")).containsExactly("ip:10.0.0.1");
    }

    @Test
    void shouldCountIpClientsByAddressWhateverTheirKey() {
        assertThat(RateLimitKeys.clientIds(RateLimitType.IP, "alice", "s3cret", "::1")).containsExactly("ip:::1");
    }

    @Test
    void shouldCountEveryClientTogetherWhenGlobal() {
        assertThat(RateLimitKeys.clientIds(RateLimitType.GLOBAL, "alice", "s3cret", "10.0.0.1")).containsExactly("global");
    }

    @Test
    void shouldCountBothAddressAndKeyOnceEach() {
        assertThat(RateLimitKeys.clientIds(RateLimitType.BOTH, "alice", null, "10.0.0.1"))
                .containsExactly("ip:10.0.0.1", "principal:alice");
        assertThat(RateLimitKeys.clientIds(RateLimitType.BOTH, null, null, "10.0.0.1")).containsExactly("ip:10.0.0.1");
    }

    @Test
    void shouldKeepEachServiceAndScopeApartInRedis() {
        assertThat(keys.key(Scope.API, "ip:::1")).isEqualTo("stockflow:ratelimit:warehouse-service:api:ip:::1");
        assertThat(keys.key(Scope.ADMIN, "global")).isEqualTo("stockflow:ratelimit:warehouse-service:admin:global");
        assertThat(keys.pattern()).isEqualTo("stockflow:ratelimit:warehouse-service:*");
    }

    @Test
    void shouldReadScopeAndClientBackFromAKey() {
        assertThat(keys.parse(keys.key(Scope.ADMIN, "ip:::1"))).contains(new RateLimitKeys.Counted(Scope.ADMIN, "ip:::1"));
        assertThat(keys.parse("stockflow:ratelimit:catalog-service:api:global")).isEmpty();
        assertThat(keys.parse("stockflow:ratelimit:warehouse-service:other:global")).isEmpty();
    }

    @Test
    void shouldDrawOnTheAdminBudgetOnlyUnderTheAdminPath() {
        assertThat(Scope.ofPath("/v1/admin/rate-limit/status")).isEqualTo(Scope.ADMIN);
        assertThat(Scope.ofPath("/v1/admin")).isEqualTo(Scope.ADMIN);
        assertThat(Scope.ofPath("/v1/administrators")).isEqualTo(Scope.API);
        assertThat(Scope.ofPath("/v1/inventory/product/p-1")).isEqualTo(Scope.API);
    }
}
