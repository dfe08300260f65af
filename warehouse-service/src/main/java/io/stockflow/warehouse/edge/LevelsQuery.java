package io.stockflow.warehouse.edge;

import io.stockflow.support.problem.Problem;
import io.stockflow.support.problem.Problem.FieldError;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.warehouse.service.StockListing;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a page of the levels listing asks for, read from query parameters as the API's
 * {@code GET /v1/inventory/levels} and the console's attention page take them: every mistake at once.
 */
public record LevelsQuery(Optional<String> warehouseId, boolean lowStock, String cursor, int limit) {

    private static final int DEFAULT_LIMIT = 100;
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile(Requests.ID);

    /** Read as text: JAX-RS answers an unparsable query parameter with 404, and "yes" would read as false. */
    public static LevelsQuery parse(String warehouseId, String lowStock, String cursor, String limit, int maxLimit) {
        List<FieldError> errors = new ArrayList<>();
        if (warehouseId != null && !ID.matcher(warehouseId).matches()) {
            errors.add(new FieldError("warehouseId", Requests.ID_MESSAGE));
        }
        boolean low = false;
        if (lowStock != null && !lowStock.isEmpty()) {
            if (!lowStock.equals("true") && !lowStock.equals("false")) {
                errors.add(new FieldError("lowStock", "must be true or false"));
            }
            low = lowStock.equals("true");
        }
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isEmpty()) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1 || size > maxLimit) {
                errors.add(new FieldError("limit", "must be a whole number between 1 and " + maxLimit));
            }
        }
        if (cursor != null && cursor.length() > 512) {
            errors.add(new FieldError("cursor", "must be at most 512 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(errors.size() == 1
                    ? Problem.validation(errors.get(0).field(), errors.get(0).message())
                    : Problem.validation("invalid query parameters", errors));
        }
        return new LevelsQuery(Optional.ofNullable(warehouseId), low, cursor == null || cursor.isEmpty() ? null : cursor,
                size);
    }

    public StockListing.LevelPage page(StockListing listing) {
        return listing.levels(warehouseId, lowStock, cursor, limit);
    }
}
