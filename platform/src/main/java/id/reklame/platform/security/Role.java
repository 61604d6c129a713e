package id.reklame.platform.security;

/** Who a caller is to e-Reklame, from the {@code roles} claim of its token. */
public enum Role {
    /** Submits applications, and sees and changes only the ones it submitted. */
    APPLICANT,
    /** Reads every application and the statistics. */
    OFFICER,
    /** Posts payments, nothing else. */
    PAYMENT_GATEWAY,
    /** Administers: rebuilds, republishes, dead letters. */
    OPERATOR;

    /** The Spring Security authority of this role ({@code ROLE_APPLICANT}, ...). */
    public String authority() {
        return "ROLE_" + name();
    }
}
