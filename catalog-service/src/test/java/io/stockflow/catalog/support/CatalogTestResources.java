package io.stockflow.catalog.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.stockflow.testsupport.EmbeddedKafka;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.RedisTestServer;
import io.stockflow.testsupport.TestKeys;

/**
 * The collaborators of every catalog test, started once per JVM: the real catalog test database, a
 * real (embedded) Kafka broker, the machine's Redis or a local Redis Cluster ({@code -Dstockflow.redis=cluster}),
 * a fake warehouse (the only stand-in: it is another service), and authentication on with the test keys.
 */
@QuarkusTestResource(value = PostgresDatabase.class,
        initArgs = @ResourceArg(name = "url", value = "jdbc:postgresql://127.0.0.1:5432/catalog_test"))
@QuarkusTestResource(EmbeddedKafka.class)
// on the cluster, every stock write waits for its master's replica, as in production (CATALOG_CACHE_REPLICA_ACKS)
@QuarkusTestResource(value = RedisTestServer.class, initArgs = {
        @ResourceArg(name = RedisTestServer.ON_CLUSTER + "catalog.cache.replica-acks", value = "1"),
        @ResourceArg(name = RedisTestServer.ON_CLUSTER + "catalog.cache.replica-ack-timeout", value = "500ms")})
@QuarkusTestResource(FakeWarehouse.class)
@QuarkusTestResource(TestKeys.class)
public final class CatalogTestResources {

    private CatalogTestResources() {
    }
}
