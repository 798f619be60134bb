package multidriver.node.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenFileTest {
  private static final String T1 = "0123456789abcdef0123";
  private static final String T2 = "fedcba9876543210fedc";

  @Test
  void linesGiveCredentialsAndRolesIncludeTheOnesBelow() {
    TokenFile f = TokenFile.parse("tokens", List.of("# role name token", "", "admin ops " + T1,
        "  read dashboard   " + T2 + "  "));
    assertEquals(Optional.of(new Credential("ops", Role.ADMIN)), f.lookup(T1));
    assertEquals(Optional.of(new Credential("dashboard", Role.READ)), f.lookup(T2));
    assertEquals(Optional.empty(), f.lookup(T1 + "x"));
    assertEquals(Optional.empty(), f.lookup(""));
    assertTrue(Role.ADMIN.includes(Role.WRITE) && Role.WRITE.includes(Role.READ) && !Role.READ.includes(Role.WRITE));
  }

  @Test
  void badLinesAreErrorsNamingTheLine() {
    assertError("line 1: expected `<role> <name> <token>`", "admin " + T1);
    assertError("line 1: unknown role 'root'", "root ops " + T1);
    assertError("line 1: name 'a/b'", "read a/b " + T1);
    assertError("line 1: the token must have 16", "read ops short");
    assertError("line 2: name 'ops' already has role read", "read ops " + T1, "write ops " + T2);
    assertError("line 2: the same token appears twice", "read a " + T1, "write b " + T1);
  }

  /** Rotation: a second token for the same name (same sessions) is added, then the first line is removed. */
  @Test
  void aNameMayHoldSeveralTokensOfOneRoleAndAnEmptyFileDeniesAll() {
    TokenFile f = TokenFile.parse("tokens", List.of("write app " + T1, "write app " + T2));
    assertEquals(f.lookup(T1), f.lookup(T2));
    assertEquals(0, TokenFile.parse("tokens", List.of("# nobody")).size());
  }

  @Test
  void aMissingBearerOrAnUnknownTokenIs401AndATooSmallRoleIs403() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("tokens", "");
    try {
      java.nio.file.Files.writeString(file, "read viewer " + T1 + "\n");
      Authenticator auth = Authenticator.fromFile(file);
      assertTrue(auth.check(null, Role.READ) instanceof Authenticator.Check.Unauthenticated);
      assertTrue(auth.check(T1, Role.READ) instanceof Authenticator.Check.Unauthenticated, "no Bearer prefix");
      assertTrue(auth.check("Bearer " + T2, Role.READ) instanceof Authenticator.Check.Unauthenticated);
      assertTrue(auth.check("bearer " + T1, Role.READ) instanceof Authenticator.Check.Allowed, "scheme is caseless");
      assertTrue(auth.check("Bearer " + T1, Role.WRITE) instanceof Authenticator.Check.Forbidden);
      assertTrue(Authenticator.disabled().check(null, Role.ADMIN) instanceof Authenticator.Check.Allowed);
      java.nio.file.Files.writeString(file, "# empty\n");
      IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Authenticator.fromFile(file));
      assertTrue(empty.getMessage().contains("holds no token"), "a node does not start with nobody allowed in");
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  private static void assertError(String expected, String... lines) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenFile.parse("tokens", List.of(lines)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
