package io.stockflow.catalog.rest;

import io.stockflow.catalog.domain.Product;
import io.stockflow.events.Ids;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** Product details an admin writes; the limits mirror the catalog schema. */
public record ProductInput(
        @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String productId,
        @NotBlank @Size(max = 256) String name,
        @Size(max = 10000) String description,
        @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 2) BigDecimal price,
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD") String currency,
        @Size(max = 128) String category) {

    static final String DEFAULT_CURRENCY = "USD";

    public ProductInput withProductId(String id) {
        return new ProductInput(id, name, description, price, currency, category);
    }

    public Product toProduct() {
        return new Product(productId, name, description, price, currency == null ? DEFAULT_CURRENCY : currency,
                category, null);
    }
}
