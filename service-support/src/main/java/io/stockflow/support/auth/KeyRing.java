package io.stockflow.support.auth;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The configured keys, each a principal and a role. Only SHA-256 digests of the secrets are kept, and
 * a presented key is compared with every one of them in constant time, so neither memory nor timing
 * gives a secret away. Misconfiguration (bad entry, duplicate name or secret) fails the start.
 */
@Singleton
public class KeyRing {

    private static final Logger LOG = Logger.getLogger(KeyRing.class);
    /** A digest per thread: looking the algorithm up again costs more than hashing a key. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    /** A key without its secret: who holds it and what it may do. */
    public record Holder(String principal, String role) {
    }

    private record Entry(Holder holder, byte[] digest) {
    }

    private final List<Entry> entries;

    @Inject
    public KeyRing(AuthConfig config) {
        this(config.keys().orElse(List.of()), config.apiKeys().orElse(List.of()),
                config.adminApiKeys().orElse(List.of()));
        if (config.enabled() && entries.isEmpty()) {
            LOG.warn("authentication is on but no key is configured (STOCKFLOW_KEYS, API_KEYS, ADMIN_API_KEYS): "
                    + "every request will be refused");
        }
        LOG.infof("API keys: %s", entries.stream().map(e -> e.holder().principal() + " (" + e.holder().role() + ")").toList());
    }

    KeyRing(List<String> named, List<String> writeSecrets, List<String> adminSecrets) {
        List<Entry> all = new ArrayList<>();
        for (String entry : named) {
            String[] parts = entry.trim().split(":", 3);
            if (parts.length != 3 || parts[2].isEmpty()) {
                throw new IllegalArgumentException("STOCKFLOW_KEYS entries are name:role:secret; found one with "
                        + (parts.length) + " part(s) (named '" + (parts.length > 1 ? parts[0] : "?") + "')");
            }
            all.add(entry(parts[0], parts[1], parts[2]));
        }
        for (int i = 0; i < writeSecrets.size(); i++) {
            all.add(entry("api-key-" + (i + 1), Roles.WRITE, writeSecrets.get(i).trim()));
        }
        for (int i = 0; i < adminSecrets.size(); i++) {
            all.add(entry("admin-key-" + (i + 1), Roles.ADMIN, adminSecrets.get(i).trim()));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            Entry e = all.get(i);
            if (!names.add(e.holder().principal())) {
                throw new IllegalArgumentException("two keys are named '" + e.holder().principal() + "'");
            }
            for (int j = 0; j < i; j++) {
                if (MessageDigest.isEqual(all.get(j).digest(), e.digest())) {
                    throw new IllegalArgumentException("keys '" + all.get(j).holder().principal() + "' and '"
                            + e.holder().principal() + "' have the same secret");
                }
            }
        }
        this.entries = List.copyOf(all);
    }

    private static Entry entry(String name, String role, String secret) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key name '" + name + "' must be 1-64 letters, digits, '.', '_', '@' or '-'");
        }
        if (!Roles.isRole(role)) {
            throw new IllegalArgumentException("key '" + name + "' has unknown role '" + role
                    + "' (roles: read, write, admin, service, ingest)");
        }
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("key '" + name + "' has an empty secret");
        }
        return new Entry(new Holder(name, role), digest(secret));
    }

    /** The holder of the presented secret, if any; takes the same time whichever key (if any) matches. */
    public Optional<Holder> find(String presented) {
        byte[] digest = digest(presented);
        Holder found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), digest)) {
                found = e.holder();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The holder of the key with this name, if any: a signed-in session names its key, never its secret. */
    public Optional<Holder> named(String principal) {
        return entries.stream().map(Entry::holder).filter(h -> h.principal().equals(principal)).findFirst();
    }

    private static byte[] digest(String secret) {
        return SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8));
    }
}
