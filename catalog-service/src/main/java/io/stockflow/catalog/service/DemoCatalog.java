package io.stockflow.catalog.service;

import java.util.List;

/** Word lists demo products are named from (combined in SQL, see ProductRepository#insertGenerated). */
final class DemoCatalog {

    private DemoCatalog() {
    }

    static final List<String> ADJECTIVES = List.of("Classic", "Rugged", "Compact", "Premium", "Lightweight",
            "Wireless", "Ergonomic", "Organic", "Stainless", "Vintage", "Smart", "Waterproof", "Foldable",
            "Heavy-Duty", "Eco");

    static final List<String> NOUNS = List.of("Backpack", "Water Bottle", "Desk Lamp", "Running Shoes",
            "Headphones", "Coffee Grinder", "Yoga Mat", "Office Chair", "Rain Jacket", "Cutting Board",
            "Bluetooth Speaker", "Travel Mug", "Camping Tent", "Keyboard", "Cast Iron Pan", "Sunglasses",
            "Wall Clock", "Tool Kit", "Blender", "Throw Blanket");

    static final List<String> CATEGORIES = List.of("Electronics", "Outdoors", "Home", "Kitchen", "Apparel",
            "Sports", "Office");
}
