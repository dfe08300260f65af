package io.stockflow.warehouse.console;

import io.stockflow.support.problem.ErrorType;
import io.stockflow.support.problem.Problem;
import java.util.List;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Shows the console's refusals where they belong. Every refusal is the API's own problem+json (the
 * exception mappers made it); for a console request it is rendered as HTML instead: for a form sent
 * by htmx, as out-of-band fragments beside the form's fields (HX-Trigger names the form), otherwise
 * as an error page. The status stays the problem's.
 */
public class ConsoleProblems {

    private static final Pattern FORM_ID = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}");

    @ServerResponseFilter
    public void render(ContainerRequestContext request, ContainerResponseContext response, RoutingContext http) {
        if (!request.getUriInfo().getPath().startsWith("/console")) {
            return;
        }
        Problem problem = problem(request, response);
        if (problem == null) {
            return;
        }
        if (problem.status() == 401) {
            // a refused sign-in (the API's 401 mapper saw it first), or a session that ended: back to sign-in
            boolean signIn = request.getUriInfo().getPath().endsWith("/j_security_check");
            response.setEntity(null);
            response.setStatus(303);
            if (http.response().headers().get("Location") == null) { // form authentication may have set it
                response.getHeaders().putSingle("Location", signIn ? "/console/login?error=key" : "/console/login");
            }
            return;
        }
        String form = request.getHeaderString("HX-Trigger");
        boolean fragment = request.getHeaderString("HX-Request") != null && form != null && FORM_ID.matcher(form).matches();
        String html = fragment ? Templates.problem(form, problem).render() : Templates.error(problem).render();
        response.setEntity(html, null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        if (fragment) {
            response.getHeaders().putSingle("HX-Reswap", "none");
        }
    }

    private static Problem problem(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem) {
            return problem;
        }
        // the CSRF check refuses a form without a valid token before any resource runs, with no body
        if (response.getStatus() == 400 && response.getEntity() == null && "POST".equals(request.getMethod())) {
            return Problem.of(ErrorType.VALIDATION_ERROR,
                    "the form's security token is missing or has expired: reload the page and submit again")
                    .withErrors(List.of(new Problem.FieldError("csrf-token", "missing or expired")));
        }
        return null;
    }
}
