package io.stockflow.catalog.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyedWorkersTest {

    record Item(String key, int seq) {
    }

    @Test
    void shouldProcessEachKeyInOrderOnOneWorker() throws InterruptedException {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, String> threadOf = new ConcurrentHashMap<>();
        List<String> conflicts = new CopyOnWriteArrayList<>();
        KeyedWorkers<Item> workers = new KeyedWorkers<Item>("test", 4, 1000, 7, Duration.ofMillis(5), Item::key, batch -> {
            for (Item item : batch) {
                seen.computeIfAbsent(item.key(), k -> Collections.synchronizedList(new ArrayList<>())).add(item.seq());
                String previous = threadOf.putIfAbsent(item.key(), Thread.currentThread().getName());
                if (previous != null && !previous.equals(Thread.currentThread().getName())) {
                    conflicts.add(item.key());
                }
            }
        }).start();

        int keys = 40;
        int perKey = 50;
        for (int seq = 0; seq < perKey; seq++) {
            for (int k = 0; k < keys; k++) {
                Item item = new Item("product-" + k, seq);
                while (!workers.offer(item)) {
                    Thread.sleep(1);
                }
            }
        }
        workers.drainAndStop(Duration.ofSeconds(10));

        assertThat(conflicts).isEmpty();
        assertThat(seen).hasSize(keys);
        List<Integer> expected = java.util.stream.IntStream.range(0, perKey).boxed().toList();
        seen.values().forEach(sequence -> assertThat(sequence).containsExactlyElementsOf(expected));
        assertThat(threadOf.values().stream().distinct().count()).isGreaterThan(1);
    }

    @Test
    void shouldRefuseWhenTheQueueIsFullAndLoseNothing() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> processed = new CopyOnWriteArrayList<>();
        KeyedWorkers<Item> workers = new KeyedWorkers<Item>("test", 1, 2, 1, Duration.ofMillis(1), Item::key, batch -> {
            release.await(10, TimeUnit.SECONDS);
            batch.forEach(i -> processed.add(i.seq()));
        }).start();

        List<Integer> accepted = new ArrayList<>();
        int refused = 0;
        for (int seq = 0; seq < 10; seq++) {
            if (workers.offer(new Item("p", seq))) {
                accepted.add(seq);
            } else {
                refused++;
            }
            Thread.sleep(5);
        }
        assertThat(refused).isPositive();
        assertThat(accepted.size()).isLessThanOrEqualTo(3); // one in the worker's hands, two queued

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> processed.size() == accepted.size());
        workers.drainAndStop(Duration.ofSeconds(5));
        assertThat(processed).containsExactlyElementsOf(accepted);
    }
}
