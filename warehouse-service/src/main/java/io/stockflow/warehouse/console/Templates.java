package io.stockflow.warehouse.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import io.stockflow.support.problem.Problem;
import io.stockflow.warehouse.domain.Warehouse;
import io.stockflow.warehouse.edge.Requests;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/** The console's pages and fragments (src/main/resources/templates/console), checked at build time. */
@CheckedTemplate(basePath = "console", requireTypeSafeExpressions = false)
final class Templates {

    private Templates() {
    }

    static native TemplateInstance login(boolean refused, boolean signedOut);

    static native TemplateInstance home(String query, List<String> matches, String message);

    static native TemplateInstance product(ConsoleViews.Product product, ConsoleViews.History history,
            List<ConsoleViews.ReservationRow> reservations);

    static native TemplateInstance levels(ConsoleViews.Product product);

    static native TemplateInstance history(ConsoleViews.History history);

    static native TemplateInstance reservations(String productId, List<ConsoleViews.ReservationRow> reservations);

    static native TemplateInstance adjust(ConsoleViews.Product product, String result);

    static native TemplateInstance transfer(ConsoleViews.Product product, String result);

    static native TemplateInstance threshold(ConsoleViews.Product product, String result);

    static native TemplateInstance count(ConsoleViews.Count count, String result);

    static native TemplateInstance reservation(String query, ConsoleViews.ReservationRow reservation);

    static native TemplateInstance reservationDetail(ConsoleViews.ReservationRow reservation, String result);

    static native TemplateInstance attention(ConsoleViews.Attention page);

    static native TemplateInstance warehouses(List<Warehouse> warehouses);

    static native TemplateInstance warehouseList(List<Warehouse> warehouses, String result);

    static native TemplateInstance problem(String form, Problem problem);

    static native TemplateInstance error(Problem problem);

    /** Template helpers: {@code {key:fresh}} a new Idempotency-Key per rendered form; times as people read them. */
    @TemplateExtension(namespace = "key")
    static String fresh() {
        return UUID.randomUUID().toString();
    }

    /** The contract's adjustment reasons, in its order. */
    @TemplateExtension(namespace = "console")
    static List<String> reasons() {
        return List.of(Requests.REASON.split("\\|"));
    }

    @TemplateExtension
    static String readable(Instant at) {
        return at == null ? "" : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC).format(at);
    }

    /** Signed, so a change reads +5 or −3. */
    @TemplateExtension
    static String signed(long value) {
        return value > 0 ? "+" + value : value < 0 ? "\u2212" + (-value) : "0";
    }

    /** A field name that can stand in an element id, so its message can sit next to the field. */
    @TemplateExtension
    static boolean simpleField(Problem.FieldError error) {
        return error.field().matches("[A-Za-z][A-Za-z0-9]{0,63}");
    }
}
