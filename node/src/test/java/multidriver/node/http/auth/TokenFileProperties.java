package multidriver.node.http.auth;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The tokens file parser: any text gives a token file or a clear IllegalArgumentException, nothing else. */
class TokenFileProperties {
  @Property(tries = 2000)
  void anyTextParsesOrIsAClearError(@ForAll @Size(max = 8) List<@Size(max = 80) String> lines) {
    try {
      TokenFile f = TokenFile.parse("tokens", lines);
      f.lookup(lines.isEmpty() ? "" : lines.get(0));
    } catch (IllegalArgumentException expected) {
      if (!expected.getMessage().startsWith("tokens line ")) {
        throw new AssertionError("the error names the line: " + expected.getMessage());
      }
    }
  }

  @Property(tries = 1000)
  void anyBytesParseOrAreAClearError(@ForAll @Size(max = 400) byte[] bytes) {
    try {
      TokenFile.parse("tokens", bytes);
    } catch (IllegalArgumentException expected) {
      // a clean refusal
    }
  }
}
