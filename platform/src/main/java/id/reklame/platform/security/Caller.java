package id.reklame.platform.security;

import java.util.EnumSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The authenticated caller of the current request: its token's subject and roles. */
public record Caller(String subject, Set<Role> roles) {

    public static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated() || authentication.getName() == null) {
            throw new IllegalStateException("no authenticated caller: the endpoint must require a token");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            for (Role role : Role.values()) {
                if (role.authority().equals(authority.getAuthority())) {
                    roles.add(role);
                }
            }
        }
        return new Caller(authentication.getName(), roles);
    }

    public boolean is(Role role) {
        return roles.contains(role);
    }

    /**
     * Whether this caller sees only what it owns: an applicant that holds no role that reads everything.
     */
    public boolean seesOnlyItsOwn() {
        return is(Role.APPLICANT) && !is(Role.OFFICER);
    }

    /** Whether this caller may see an application owned by {@code owner} (null: submitted before owners were recorded). */
    public boolean maySee(String owner) {
        return !seesOnlyItsOwn() || subject.equals(owner);
    }
}
