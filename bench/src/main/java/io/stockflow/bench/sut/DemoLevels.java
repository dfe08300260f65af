package io.stockflow.bench.sut;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The demo data's ids (SKU-000001.. × WH-01..) and uniformly random picks among them. */
public record DemoLevels(int products, int warehouses) {

    public record Key(String productId, String warehouseId) {
    }

    public static String productId(int n) {
        return "SKU-" + zeroPadded(n, 6);
    }

    public static String warehouseId(int n) {
        return "WH-" + zeroPadded(n, 2);
    }

    /** What {@code %0<width>d} makes of a non-negative n, without a Formatter per request. */
    private static String zeroPadded(int n, int width) {
        String digits = Integer.toString(n);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    public Key randomLevel() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new Key(productId(1 + random.nextInt(products)), warehouseId(1 + random.nextInt(warehouses)));
    }

    public String randomProduct() {
        return productId(1 + ThreadLocalRandom.current().nextInt(products));
    }

    /** {@code n} distinct random levels (a batch must not name one level twice to stay comparable). */
    public List<Key> distinctLevels(int n) {
        java.util.Set<Key> keys = new java.util.LinkedHashSet<>();
        while (keys.size() < Math.min(n, products * warehouses)) {
            keys.add(randomLevel());
        }
        return new ArrayList<>(keys);
    }

    /** {@code n} consecutive product ids from a random start (wrapping): a typical page of a listing. */
    public List<String> productRun(int n) {
        int start = ThreadLocalRandom.current().nextInt(products);
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(productId(1 + (start + i) % products));
        }
        return ids;
    }
}
