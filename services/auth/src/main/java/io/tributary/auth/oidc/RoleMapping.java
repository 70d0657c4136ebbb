package io.tributary.auth.oidc;

import io.tributary.auth.config.AuthConfig;
import io.tributary.auth.permission.Permissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;

/**
 * An OIDC token's roles and groups → canonical permissions. Read from Keycloak's claims: realm roles
 * ({@code realm_access.roles}, named as they are), client roles ({@code resource_access.<client>.roles}, named
 * {@code <client>/<role>}) and groups ({@code groups}, named {@code group:<group>}). Each name maps to the
 * configured permissions; with roles-are-permissions, a name that is itself a permission or a DC/OS alias grants it.
 */
final class RoleMapping {

    private final Map<String, List<String>> mapping = new LinkedHashMap<>();
    private final boolean namesArePermissions;

    RoleMapping(AuthConfig.Oidc config, String where) {
        config.roles().forEach((role, perms) -> mapping.put(role, Permissions.canonicalAll(perms, where + "." + role)));
        this.namesArePermissions = config.rolesArePermissions();
    }

    List<String> permissions(JwtClaims claims) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : names(claims)) {
            List<String> mapped = mapping.get(name);
            if (mapped != null) {
                out.addAll(mapped);
            }
            if (namesArePermissions) {
                Optional<String> p = Permissions.canonical(name.startsWith("group:") ? name.substring(6) : name);
                p.ifPresent(out::add);
            }
        }
        return new ArrayList<>(out);
    }

    static List<String> names(JwtClaims claims) {
        List<String> names = new ArrayList<>();
        if (claims.getClaimValue("realm_access") instanceof Map<?, ?> realm) {
            strings(realm.get("roles")).forEach(names::add);
        }
        if (claims.getClaimValue("resource_access") instanceof Map<?, ?> clients) {
            clients.forEach((client, access) -> {
                if (access instanceof Map<?, ?> m) {
                    strings(m.get("roles")).forEach(r -> names.add(client + "/" + r));
                }
            });
        }
        strings(claims.getClaimValue("groups")).forEach(g -> names.add("group:" + g));
        return names;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            for (Object x : l) {
                if (x instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
