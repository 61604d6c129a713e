package id.reklame.testsupport;

/** A database of its own for one test (class), owned by a login role that only it may connect as. */
public record Database(String jdbcUrl, String username, String password) {
}
